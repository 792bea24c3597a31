package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** What a Prometheus scraping this node sees while jobs and trials run (issue 17). */
@FullStackTest
class TrainingMetricsTest {

    /** The shipped subset has 5,000 rows; 20 % held out leaves 4,000 to train on. */
    private static final int TRAIN_ROWS = 4000;

    @Autowired
    MockMvc mvc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
        // Each test reads deltas of this node's counters: nothing else may train meanwhile.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (gauge(scrape(), "descent_node_training") != 0 || activeJobs() > 0) {
            assertThat(System.nanoTime()).as("a job of an earlier test still runs").isLessThan(deadline);
            Api.sleep(100);
        }
    }

    @Test
    void theSamplesCounterRisesWithinEpochsNotOnlyAtTheirEnd() {
        double before = value(scrape(), "descent_training_samples_total");
        // Batches of one row: an epoch is 4,000 steps, long enough for many scrapes inside it.
        String id = api.submitOk("""
                {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                 "model": {"layers": [{"type": "dense", "units": 16, "activation": "relu"}]},
                 "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.01},
                 "epochs": 2, "batchSize": 1, "seed": 3}""");
        List<Double> inside = new ArrayList<>();
        boolean sawTraining = false;
        boolean sawRate = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!"SUCCEEDED".equals(api.job(id).get("status"))) {
            assertThat(System.nanoTime()).as("job still training").isLessThan(deadline);
            String scrape = scrape();
            double trained = value(scrape, "descent_training_samples_total") - before;
            if (trained > 0 && trained % TRAIN_ROWS != 0) {
                inside.add(trained);
            }
            sawTraining |= gauge(scrape, "descent_node_training") == 1;
            sawRate |= gauge(scrape, "descent_node_samples_per_second") > 0;
            Api.sleep(20);
        }
        // Several distinct values strictly between two epoch boundaries: the counter moved per batch.
        assertThat(inside).as("counter values seen strictly inside an epoch").hasSizeGreaterThanOrEqualTo(3);
        assertThat(inside.stream().distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(sawTraining).as("descent_node_training was 1 while the job trained").isTrue();
        assertThat(sawRate).as("descent_node_samples_per_second was positive while the job trained").isTrue();

        String after = scrape();
        assertThat(value(after, "descent_training_samples_total") - before).as("every sample counted once").isEqualTo(2.0 * TRAIN_ROWS);
        assertThat(gauge(after, "descent_node_training")).isZero();
        assertThat(gauge(after, "descent_node_samples_per_second")).isZero();
        assertThat(after).contains("descent_fleet_jobs_queued ", "descent_fleet_jobs_running ", "descent_fleet_queue_oldest_age_seconds ",
                "descent_process_resident_memory_bytes ").doesNotContain("descent_jobs_queued", "descent_jobs_running");
        assertThat(gauge(after, "descent_process_resident_memory_bytes")).isGreaterThan(50e6);
    }

    @Test
    void failuresAreCountedByTheirType() {
        String before = scrape();
        String id = api.submitOk("""
                {"dataset": {"id": "fashion-mnist-small", "validation": "none"}, "loss": {"type": "mse"},
                 "optimizer": {"type": "sgd", "lr": 1000000}, "epochs": 3, "batchSize": 64, "seed": 1}""");
        api.awaitStatus(id, "FAILED");
        String after = awaitScrape(s -> value(s, "descent_jobs_finished_total{outcome=\"failed\"}")
                > value(before, "descent_jobs_finished_total{outcome=\"failed\"}"));
        assertThat(value(after, "descent_jobs_failures_total{type=\"diverged\"}")
                - value(before, "descent_jobs_failures_total{type=\"diverged\"}")).isEqualTo(1.0);
        assertThat(value(after, "descent_jobs_finished_total{outcome=\"failed\"}")
                - value(before, "descent_jobs_finished_total{outcome=\"failed\"}")).isEqualTo(1.0);
    }

    @Test
    void aStudyCountsItsTrialsStartedAndEnded() {
        String before = scrape();
        MvcResult created = api.perform(post("/api/v1/studies").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "counted", "base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                   "model": {"layers": [{"type": "dense", "units": 16, "activation": "relu"}]},
                   "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.1}, "epochs": 1, "batchSize": 256, "seed": 5},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.5}},
                 "objective": {"metric": "validation_accuracy", "mode": "max"},
                 "trials": 3, "seed": 2, "preflight": "off"}"""));
        assertThat(created.getResponse().getStatus()).as(Api.body(created)).isEqualTo(201);
        String study = (String) api.map(created).get("id");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while ("RUNNING".equals(api.map(api.perform(get("/api/v1/studies/{id}", study))).get("status"))) {
            assertThat(System.nanoTime()).as("study still running").isLessThan(deadline);
            Api.sleep(100);
        }
        String after = awaitScrape(s -> value(s, "descent_study_trials_total{event=\"succeeded\"}")
                - value(before, "descent_study_trials_total{event=\"succeeded\"}") >= 3);
        assertThat(value(after, "descent_study_trials_total{event=\"started\"}")
                - value(before, "descent_study_trials_total{event=\"started\"}")).isEqualTo(3.0);
        assertThat(value(after, "descent_study_trials_total{event=\"succeeded\"}")
                - value(before, "descent_study_trials_total{event=\"succeeded\"}")).isEqualTo(3.0);
    }

    private long activeJobs() {
        Map<String, Object> queued = api.map(api.perform(get("/api/v1/jobs?status=QUEUED")));
        Map<String, Object> running = api.map(api.perform(get("/api/v1/jobs?status=RUNNING")));
        return ((List<?>) queued.get("items")).size() + ((List<?>) running.get("items")).size();
    }

    private String scrape() {
        return Api.body(api.perform(get("/actuator/prometheus")));
    }

    /** Counters of a final transition move after its commit: wait for them briefly. */
    private String awaitScrape(java.util.function.Predicate<String> ready) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String scrape = scrape();
        while (!ready.test(scrape)) {
            assertThat(System.nanoTime()).as("metrics did not move:%n%s", scrape).isLessThan(deadline);
            Api.sleep(50);
            scrape = scrape();
        }
        return scrape;
    }

    /** The value of one series, written with its labels as Prometheus prints them; 0 when absent. */
    private static double value(String scrape, String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : null;
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .filter(l -> labels == null || l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double gauge(String scrape, String name) {
        return value(scrape, name);
    }
}
