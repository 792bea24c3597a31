package io.descent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A study's life over HTTP, with real (tiny) trials on the shipped Fashion-MNIST subset: grid
 * search, the repeat of the best configuration, failure and pruning, cancel and delete, listing.
 */
@FullStackTest
@SuppressWarnings("unchecked")
class StudyLifecycleTest {

    /** Trains to about 0.7 validation accuracy in one epoch at lr 0.1; lr 1e9 diverges at once. */
    private static final String BASE = """
            {"name": "small", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"type": "dense", "units": 32, "activation": "relu"}]},
             "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5},
             "epochs": 1, "batchSize": 128, "seed": 7}""";

    private final Api api;

    StudyLifecycleTest(@Autowired MockMvc mvc) {
        this.api = new Api(mvc);
    }

    @Test
    void aGridRunsEveryCombinationOfItsChoicesExactlyOnce() {
        String id = createOk("""
                {"base": %s, "strategy": "grid",
                 "space": {"/optimizer/lr": {"type": "choice", "values": [0.05, 0.1]},
                           "/optimizer/momentum": {"type": "choice", "values": [0, 0.5]}},
                 "maxConcurrentTrials": 4, "preflight": "off"}""".formatted(BASE));
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.get("trials")).isEqualTo(4);
        List<Map<String, Object>> all = trials(id, "trial");
        assertThat(all).extracting(t -> t.get("params")).containsExactlyInAnyOrder(
                Map.of("/optimizer/lr", 0.05, "/optimizer/momentum", 0),
                Map.of("/optimizer/lr", 0.05, "/optimizer/momentum", 0.5),
                Map.of("/optimizer/lr", 0.1, "/optimizer/momentum", 0),
                Map.of("/optimizer/lr", 0.1, "/optimizer/momentum", 0.5));
        assertThat(all).extracting(t -> t.get("status")).containsOnly("SUCCEEDED");
        for (Map<String, Object> t : all) {
            Map<String, Object> optimizer = (Map<String, Object>) spec(t).get("optimizer");
            Map<String, Object> params = (Map<String, Object>) t.get("params");
            assertThat(((Number) optimizer.get("lr")).doubleValue()).isEqualTo(((Number) params.get("/optimizer/lr")).doubleValue());
            assertThat(((Number) optimizer.get("momentum")).doubleValue())
                    .isEqualTo(((Number) params.get("/optimizer/momentum")).doubleValue());
        }
        assertThat(((Map<String, Object>) done.get("spec")).get("strategy")).isEqualTo("grid");
    }

    @Test
    void aGridRefusesANumericDistributionAndATrialCountOtherThanItsSize() {
        MvcResult numeric = create("""
                {"base": %s, "strategy": "grid", "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 1}}}"""
                .formatted(BASE));
        assertThat(numeric.getResponse().getStatus()).isEqualTo(400);
        assertThat(errors(numeric)).extracting(e -> e.get("pointer")).containsExactly("/strategy");
        assertThat(errors(numeric).get(0).get("detail").toString()).contains("choice");

        MvcResult count = create("""
                {"base": %s, "strategy": "grid", "trials": 3,
                 "space": {"/optimizer/lr": {"type": "choice", "values": [0.05, 0.1]},
                           "/optimizer/momentum": {"type": "choice", "values": [0, 0.5]}}}""".formatted(BASE));
        assertThat(count.getResponse().getStatus()).isEqualTo(400);
        assertThat(errors(count)).extracting(e -> e.get("pointer")).containsExactly("/trials");
        assertThat(errors(count).get(0).get("detail").toString()).contains("4 trials");
    }

    @Test
    void theRepeatRetrainsTheBestParametersWithTheNextSeedsAndReportsTheirMeanAndSampleStd() {
        String id = createOk("""
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}},
                 "trials": 2, "seed": 5, "repeat": {"seeds": 2}, "maxConcurrentTrials": 2, "preflight": "off"}""".formatted(BASE));
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).as("%s", done).isEqualTo("SUCCEEDED");
        assertThat(done.get("trials")).isEqualTo(4);
        List<Map<String, Object>> all = trials(id, "trial");
        assertThat(all).extracting(t -> t.get("stage")).containsExactly(0, 0, 1, 1);
        Map<String, Object> best = (Map<String, Object>) done.get("best");
        assertThat(best.get("stage")).as("the repeats are not candidates").isEqualTo(0);
        Map<String, Object> bestSearched = trials(id, "objective").stream().filter(t -> (int) t.get("stage") == 0).findFirst().orElseThrow();
        assertThat(best.get("job")).isEqualTo(bestSearched.get("job"));
        List<Map<String, Object>> repeats = all.subList(2, 4);
        assertThat(repeats).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("SUCCEEDED");
            assertThat(r.get("params")).isEqualTo(best.get("params"));
            assertThat(((Map<String, Object>) spec(r).get("optimizer")).get("lr")).isEqualTo(((Map<String, Object>) best.get("params")).get("/optimizer/lr"));
        });
        assertThat(repeats).extracting(r -> ((Number) spec(r).get("seed")).longValue()).containsExactly(8L, 9L);

        Map<String, Object> repeat = (Map<String, Object>) done.get("repeat");
        assertThat(repeat.get("jobs")).isEqualTo(repeats.stream().map(r -> r.get("job")).toList());
        assertThat(repeat.get("seeds")).isEqualTo(List.of(8, 9));
        List<Double> values = repeats.stream().map(r -> ((Number) r.get("objective")).doubleValue()).toList();
        assertThat(repeat.get("values")).isEqualTo(values);
        double mean = (values.get(0) + values.get(1)) / 2;
        double sampleStd = Math.abs(values.get(0) - values.get(1)) / Math.sqrt(2);
        assertThat((double) repeat.get("mean")).isCloseTo(mean, within(1e-12));
        assertThat((double) repeat.get("std")).isCloseTo(sampleStd, within(1e-12));
    }

    @Test
    void moreFailedTrialsThanMaxFailedTrialsFailTheStudyAndCancelTheRest() {
        String id = createOk("""
                {"base": %s, "strategy": "grid", "space": {"/optimizer/lr": {"type": "choice", "values": [1e9, 0.1]}},
                 "maxFailedTrials": 0, "maxConcurrentTrials": 2, "preflight": "off"}""".formatted(BASE.replace("\"epochs\": 1", "\"epochs\": 20")));
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).isEqualTo("FAILED");
        assertThat((String) done.get("error")).contains("maxFailedTrials (0)").contains("trial 1").contains("diverged");
        List<Map<String, Object>> all = awaitTrials(id, t -> !List.of("QUEUED", "RUNNING").contains(t.get("status")));
        assertThat(all).extracting(t -> t.get("status")).containsExactly("FAILED", "CANCELLED");
        assertThat((String) all.get(0).get("error")).startsWith("diverged");
    }

    @Test
    void aStudyWhoseTrialsAllFailedBeforeAnEpochFailsInsteadOfRepeatingNothing() {
        String id = createOk("""
                {"base": %s, "strategy": "grid", "space": {"/optimizer/lr": {"type": "choice", "values": [1e9]}},
                 "maxFailedTrials": 1, "repeat": {"seeds": 2}, "preflight": "off"}""".formatted(BASE));
        Map<String, Object> done = awaitEnd(id, Duration.ofSeconds(60));
        assertThat(done.get("status")).isEqualTo("FAILED");
        assertThat((String) done.get("error")).contains("No trial finished an epoch");
        assertThat(trials(id, "trial")).hasSize(1);
    }

    @Test
    void theMedianPrunerStopsTrialsWorseThanTheMedianButNeverARepeat() {
        // One trial at a time, in the grid's order: the good rate first sets the median the slow ones miss.
        String id = createOk("""
                {"base": %s, "strategy": "grid", "space": {"/optimizer/lr": {"type": "choice", "values": [0.1, 0.0001, 0.00001]}},
                 "pruner": {"type": "median", "warmupEpochs": 0, "minTrials": 1}, "repeat": {"seeds": 3},
                 "maxConcurrentTrials": 1, "preflight": "off"}""".formatted(BASE.replace("\"epochs\": 1", "\"epochs\": 2")));
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).as("%s", done).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> all = trials(id, "trial");
        assertThat(all).hasSize(6);
        assertThat(all.get(0).get("status")).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> pruned = all.stream().filter(t -> "PRUNED".equals(t.get("status"))).toList();
        assertThat(pruned).isNotEmpty().allSatisfy(t -> {
            assertThat((int) t.get("stage")).isZero();
            assertThat(t.get("epochs")).isEqualTo(1);
            assertThat((String) t.get("stopReason")).contains("median");
        });
        assertThat(all.subList(3, 6)).allSatisfy(r -> {
            assertThat(r.get("stage")).isEqualTo(1);
            assertThat(r.get("status")).as("a repeat is never pruned: %s", r).isEqualTo("SUCCEEDED");
            assertThat(r.get("epochs")).isEqualTo(2);
        });
        assertThat(((Map<String, Object>) done.get("counts")).get("pruned")).isEqualTo(pruned.size());
    }

    @Test
    void aCancelledStudyStopsItsTrialsAndOnceTheyEndIsDeletedWithThem() {
        String id = createOk("""
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}},
                 "trials": 4, "maxConcurrentTrials": 2, "preflight": "off"}""".formatted(BASE.replace("\"epochs\": 1", "\"epochs\": 50")));
        awaitTrials(id, t -> t.get("trial").equals(2) || "RUNNING".equals(t.get("status")));
        assertThat(trials(id, "trial")).extracting(t -> t.get("status")).containsExactly("RUNNING", "QUEUED");
        MvcResult running = api.perform(delete("/api/v1/studies/{id}", id));
        assertThat(running.getResponse().getStatus()).isEqualTo(409);
        assertThat(api.map(running).get("detail").toString()).contains("cancel it first");

        MvcResult cancel = api.perform(post("/api/v1/studies/{id}/cancel", id));
        assertThat(cancel.getResponse().getStatus()).isEqualTo(200);
        assertThat(api.map(cancel).get("status")).isEqualTo("CANCELLED");
        assertThat(trials(id, "trial").get(1).get("status")).as("a queued trial ends at once").isEqualTo("CANCELLED");
        MvcResult again = api.perform(post("/api/v1/studies/{id}/cancel", id));
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(again.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(api.map(again).get("title")).isEqualTo("Study conflict");

        List<Map<String, Object>> ended = awaitTrials(id, t -> !List.of("QUEUED", "RUNNING").contains(t.get("status")));
        assertThat(ended).as("no trial is created after the cancel").hasSize(2).extracting(t -> t.get("status")).containsOnly("CANCELLED");
        assertThat(api.perform(delete("/api/v1/studies/{id}", id)).getResponse().getStatus()).isEqualTo(204);
        MvcResult gone = api.perform(get("/api/v1/studies/{id}", id));
        assertThat(gone.getResponse().getStatus()).isEqualTo(404);
        assertThat(gone.getResponse().getContentType()).startsWith("application/problem+json");
        for (Map<String, Object> t : ended) {
            assertThat(api.perform(get("/api/v1/jobs/{id}", t.get("job"))).getResponse().getStatus()).isEqualTo(404);
        }
    }

    @Test
    void studiesListByStatusAndBadParametersAreNamed() {
        String succeeded = createOk("""
                {"base": %s, "strategy": "grid", "space": {"/optimizer/lr": {"type": "choice", "values": [0.1]}}, "preflight": "off"}"""
                .formatted(BASE));
        String cancelled = createOk("""
                {"base": %s, "strategy": "grid", "space": {"/optimizer/lr": {"type": "choice", "values": [0.1]}}, "preflight": "off"}"""
                .formatted(BASE.replace("\"epochs\": 1", "\"epochs\": 50")));
        api.perform(post("/api/v1/studies/{id}/cancel", cancelled));
        assertThat(awaitEnd(succeeded).get("status")).isEqualTo("SUCCEEDED");
        Map<String, Object> page = api.map(api.perform(get("/api/v1/studies?status=SUCCEEDED&size=100")));
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).extracting(s -> s.get("status")).containsOnly("SUCCEEDED");
        assertThat(items).extracting(s -> s.get("id")).contains(succeeded).doesNotContain(cancelled);
        List<Map<String, Object>> cancelledItems = (List<Map<String, Object>>) api.map(api.perform(get("/api/v1/studies?status=CANCELLED&size=100")))
                .get("items");
        assertThat(cancelledItems).extracting(s -> s.get("id")).contains(cancelled).doesNotContain(succeeded);

        for (String size : List.of("0", "101")) {
            MvcResult bad = api.perform(get("/api/v1/studies?size=" + size));
            assertThat(bad.getResponse().getStatus()).isEqualTo(400);
            assertThat(errors(bad)).extracting(e -> e.get("parameter")).containsExactly("size");
        }
        MvcResult status = api.perform(get("/api/v1/studies?status=DONE"));
        assertThat(status.getResponse().getStatus()).isEqualTo(400);
        assertThat(errors(status)).extracting(e -> e.get("parameter")).containsExactly("status");
        MvcResult sort = api.perform(get("/api/v1/studies/{id}/trials?sort=bogus", succeeded));
        assertThat(sort.getResponse().getStatus()).isEqualTo(400);
        assertThat(errors(sort)).extracting(e -> e.get("parameter")).containsExactly("sort");
        awaitTrials(cancelled, t -> !List.of("QUEUED", "RUNNING").contains(t.get("status")));
    }

    private MvcResult create(String body) {
        return api.perform(post("/api/v1/studies").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String createOk(String body) {
        MvcResult result = create(body);
        assertThat(result.getResponse().getStatus()).as(Api.body(result)).isEqualTo(201);
        return (String) api.map(result).get("id");
    }

    private List<Map<String, Object>> errors(MvcResult result) {
        return (List<Map<String, Object>>) api.map(result).get("errors");
    }

    private Map<String, Object> study(String id) {
        return api.map(api.perform(get("/api/v1/studies/{id}", id)));
    }

    private List<Map<String, Object>> trials(String id, String sort) {
        return (List<Map<String, Object>>) api.map(api.perform(get("/api/v1/studies/{id}/trials?sort=" + sort, id))).get("trials");
    }

    private Map<String, Object> spec(Map<String, Object> trial) {
        return (Map<String, Object>) api.job((String) trial.get("job")).get("spec");
    }

    private Map<String, Object> awaitEnd(String id) {
        return awaitEnd(id, Duration.ofMinutes(3));
    }

    private Map<String, Object> awaitEnd(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> s = study(id);
        while ("RUNNING".equals(s.get("status"))) {
            assertThat(System.nanoTime()).as("study still running: %s", s).isLessThan(deadline);
            Api.sleep(200);
            s = study(id);
        }
        return s;
    }

    /** Polls the study's trials until there is one and every one satisfies {@code condition}. */
    private List<Map<String, Object>> awaitTrials(String id, Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<Map<String, Object>> all = trials(id, "trial");
        while (all.isEmpty() || !all.stream().allMatch(condition)) {
            assertThat(System.nanoTime()).as("trials: %s", all).isLessThan(deadline);
            Api.sleep(100);
            all = trials(id, "trial");
        }
        return all;
    }
}
