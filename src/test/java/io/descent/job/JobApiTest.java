package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@FullStackTest
class JobApiTest {

    @Autowired
    MockMvc mvc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSubmittedJobTrainsEpochByEpochToSuccess() {
        MvcResult created = api.submit(Specs.tiny(3));
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        Map<String, Object> queued = api.map(created);
        String id = (String) queued.get("id");
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/jobs/" + id);
        assertThat(queued).containsEntry("status", "QUEUED").containsEntry("totalEpochs", 3).containsEntry("gradientDescentMode", "mini-batch");
        Map<String, Object> spec = (Map<String, Object>) queued.get("spec");
        assertThat((Map<String, Object>) spec.get("optimizer")).containsEntry("dampening", 0.0).containsEntry("nesterov", false);
        assertThat((Map<String, Object>) spec.get("schedule")).containsEntry("type", "constant");
        assertThat(spec).containsEntry("device", "auto").containsEntry("seed", 7);

        Map<String, Object> done = api.awaitStatus(id, "SUCCEEDED");
        assertThat(done).containsEntry("currentEpoch", 3).containsEntry("progress", 1.0).containsEntry("error", null);
        assertThat(done.get("startedAt")).isNotNull();
        assertThat(done.get("finishedAt")).isNotNull();
        assertThat((Map<String, Object>) done.get("latestMetrics")).containsEntry("epoch", 3);

        List<Map<String, Object>> rows = api.metrics(id);
        assertThat(rows).extracting(r -> r.get("epoch")).containsExactly(1, 2, 3);
        assertThat(rows).allSatisfy(r -> {
            assertThat((Double) r.get("trainAccuracy")).isBetween(0.0, 1.0);
            assertThat((Double) r.get("validationAccuracy")).isBetween(0.0, 1.0);
            assertThat((Double) r.get("validationLoss")).isPositive();
            assertThat(r.get("learningRate")).isEqualTo(0.3);
            assertThat((Double) r.get("samplesPerSecond")).isPositive();
            assertThat(((Number) r.get("durationMs")).longValue()).isNotNegative();
        });
        assertThat((Double) rows.get(2).get("trainLoss")).isLessThan((Double) rows.get(0).get("trainLoss"));
        assertThat((Double) rows.get(2).get("validationAccuracy")).isGreaterThan(0.6);

        String prometheus = Api.body(api.perform(get("/actuator/prometheus")));
        assertThat(prometheus).contains("descent_training_samples_total", "descent_training_epoch_duration_seconds_count",
                "descent_fleet_jobs_queued", "descent_fleet_jobs_running", "descent_jobs_finished_total{outcome=\"succeeded\"}",
                "descent_jobs_start_latency_seconds_count");
        assertThat(counter(prometheus, "descent_training_samples_total")).isGreaterThanOrEqualTo(3 * 4000);
        assertThat(prometheus).doesNotContain(id);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunningJobStopsAtABatchBoundaryWhenCancelledAndKeepsItsEpochs() {
        String id = api.submitOk(Specs.tiny(500));
        api.await(id, j -> "RUNNING".equals(j.get("status")) && (Integer) j.get("currentEpoch") >= 1, Duration.ofSeconds(60));

        MvcResult cancel = api.cancel(id);
        assertThat(cancel.getResponse().getStatus()).isEqualTo(200);
        Map<String, Object> cancelled = api.await(id, j -> "CANCELLED".equals(j.get("status")), Duration.ofSeconds(10));

        int epochs = (Integer) cancelled.get("currentEpoch");
        assertThat(epochs).isBetween(1, 499);
        assertThat(api.metrics(id)).hasSize(epochs);
        assertThat(cancelled.get("finishedAt")).isNotNull();

        MvcResult again = api.cancel(id);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(again.getResponse().getContentType()).isEqualTo("application/problem+json");

        assertThat(api.deleteJob(id).getResponse().getStatus()).isEqualTo(204);
        assertThat(api.perform(get("/api/v1/jobs/{id}", id)).getResponse().getStatus()).isEqualTo(404);
        assertThat(api.perform(get("/api/v1/jobs/{id}/metrics", id)).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndUnfinishedJobsCannotBeDeleted() {
        String running = api.submitOk(Specs.tiny(500));
        api.awaitStatus(running, "RUNNING");
        String queued = api.submitOk(Specs.tiny(2));
        assertThat(api.job(queued)).containsEntry("status", "QUEUED");

        MvcResult deleteQueued = api.deleteJob(queued);
        assertThat(deleteQueued.getResponse().getStatus()).isEqualTo(409);
        assertThat(Api.body(deleteQueued)).contains("cancel it first");
        assertThat(api.deleteJob(running).getResponse().getStatus()).isEqualTo(409);

        assertThat(api.map(api.cancel(queued))).containsEntry("status", "CANCELLED");
        api.cancel(running);
        api.awaitStatus(running, "CANCELLED");
        assertThat(api.job(queued)).containsEntry("status", "CANCELLED").containsEntry("currentEpoch", 0);
        assertThat(api.metrics(queued)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobWhoseLossBecomesInfiniteFailsAsDiverged() {
        String id = api.submitOk("""
                {"dataset": {"id": "fashion-mnist-small", "validation": "none"}, "loss": {"type": "mse"},
                 "optimizer": {"type": "sgd", "lr": 1000000}, "epochs": 3, "batchSize": 64, "seed": 1}
                """);
        Map<String, Object> failed = api.awaitStatus(id, "FAILED");
        Map<String, Object> error = (Map<String, Object>) failed.get("error");
        assertThat(error).containsEntry("type", "diverged").containsEntry("epoch", 1);
        assertThat((String) error.get("message")).contains("lower the learning rate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsJobsNewestFirstAndFiltersByStatus() {
        String first = api.submitOk(Specs.tiny(1));
        String second = api.submitOk(Specs.tiny(1));
        api.awaitStatus(second, "SUCCEEDED");

        Map<String, Object> page = api.map(api.perform(get("/api/v1/jobs").param("status", "SUCCEEDED").param("size", "100")));
        List<String> ids = ((List<Map<String, Object>>) page.get("items")).stream().map(j -> (String) j.get("id")).toList();
        assertThat(ids).contains(first, second);
        assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first));
        assertThat((List<Map<String, Object>>) page.get("items")).allSatisfy(j -> assertThat(j).containsEntry("status", "SUCCEEDED"));

        Map<String, Object> small = api.map(api.perform(get("/api/v1/jobs").param("page", "0").param("size", "1")));
        assertThat((List<?>) small.get("items")).hasSize(1);
        assertThat(((Number) small.get("totalItems")).longValue()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void describesTheDatasetsAJobCanName() {
        List<Map<String, Object>> datasets = tools.jackson.databind.json.JsonMapper.builder().build()
                .readValue(Api.body(api.perform(get("/api/v1/datasets"))), List.class);
        assertThat(datasets).extracting(d -> d.get("id")).contains("fashion-mnist", "fashion-mnist-small");
        assertThat(datasets).filteredOn(d -> d.get("id").equals("fashion-mnist-small")).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("available", true).containsEntry("trainSamples", 5000).containsEntry("testSamples", 1000)
                .containsEntry("classes", 10).containsEntry("featureShape", List.of(28, 28)).containsEntry("task", "classification"));
    }

    @Test
    void servesItsContractAndAnApiBrowser() throws Exception {
        MvcResult spec = mvc.perform(get("/openapi.yaml")).andReturn();
        assertThat(spec.getResponse().getStatus()).isEqualTo(200);
        assertThat(spec.getResponse().getContentType()).startsWith("application/yaml");
        assertThat(spec.getResponse().getContentAsByteArray()).isEqualTo(Files.readAllBytes(Path.of("openapi/openapi.yaml")));
        MvcResult ui = mvc.perform(get("/swagger-ui.html")).andReturn();
        assertThat(ui.getResponse().getStatus()).isEqualTo(200);
        assertThat(ui.getResponse().getContentAsString()).contains("/openapi.yaml", "swagger-ui-bundle.js");
        assertThat(mvc.perform(get("/webjars/swagger-ui/swagger-ui-bundle.js")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    private static double counter(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void pollersGetNotModifiedUntilTheJobChanges() throws Exception {
        String id = api.submitOk(Specs.tiny(2));
        api.awaitStatus(id, "SUCCEEDED");
        MvcResult first = api.perform(get("/api/v1/jobs/{id}", id));
        String etag = first.getResponse().getHeader("ETag");
        assertThat(etag).startsWith("W/\"");
        MvcResult unchanged = api.perform(get("/api/v1/jobs/{id}", id).header("If-None-Match", etag));
        assertThat(unchanged.getResponse().getStatus()).isEqualTo(304);
        assertThat(unchanged.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(api.perform(get("/api/v1/jobs/{id}", id).header("If-None-Match", "W/\"0\"")).getResponse().getStatus()).isEqualTo(200);
        api.deleteJob(id);
        assertThat(api.perform(get("/api/v1/jobs/{id}", id).header("If-None-Match", etag)).getResponse().getStatus()).isEqualTo(404);
    }
}
