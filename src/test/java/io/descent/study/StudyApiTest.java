package io.descent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Studies over HTTP, training real trials on the shipped Fashion-MNIST subset. */
@FullStackTest
class StudyApiTest {

    private static final String BASE = """
            {"name": "small", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"type": "dense", "units": 32, "activation": "relu", "dropout": 0.1}]},
             "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5},
             "epochs": 3, "batchSize": 128, "seed": 7}""";

    private final Api api;

    StudyApiTest(@Autowired MockMvc mvc) {
        this.api = new Api(mvc);
    }

    private MvcResult create(String body) {
        return api.perform(post("/api/v1/studies").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String createOk(String body) {
        MvcResult result = create(body);
        assertThat(result.getResponse().getStatus()).as(Api.body(result)).isEqualTo(201);
        return (String) api.map(result).get("id");
    }

    private Map<String, Object> study(String id) {
        return api.map(api.perform(get("/api/v1/studies/{id}", id)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> trials(String id, String sort) {
        return (List<Map<String, Object>>) api.map(api.perform(get("/api/v1/studies/{id}/trials?sort=" + sort, id))).get("trials");
    }

    private Map<String, Object> awaitEnd(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        Map<String, Object> s = study(id);
        while ("RUNNING".equals(s.get("status"))) {
            assertThat(System.nanoTime()).as("study still running: %s", s).isLessThan(deadline);
            Api.sleep(200);
            s = study(id);
        }
        return s;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStagedRandomStudyWithAshaNarrowsPrunesAndEndsWithTheDeclaredTrials() {
        String id = createOk("""
                {"name": "staged", "base": %s,
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.003, "high": 1},
                           "/model/layers/0/dropout": {"type": "uniform", "low": 0, "high": 0.5}},
                 "objective": {"metric": "validation_accuracy", "mode": "max", "epoch": "best"},
                 "seed": 11, "stages": [{"trials": 6, "epochs": 1, "keepTop": 2}, {"trials": 7, "epochs": 3}],
                 "pruner": {"type": "asha", "minEpochs": 1, "reductionFactor": 3},
                 "maxConcurrentTrials": 2, "preflight": "off"}""".formatted(BASE));
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).as("%s", done).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> all = trials(id, "trial");
        assertThat(all).hasSize(13);
        assertThat(all).extracting(t -> t.get("trial")).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 13).boxed().toList());
        assertThat(all.stream().filter(t -> (int) t.get("stage") == 0)).hasSize(6);
        // The second stage samples inside the span of the first stage's two best.
        List<Map<String, Object>> stages = (List<Map<String, Object>>) done.get("stages");
        Map<String, Object> lr1 = (Map<String, Object>) ((Map<String, Object>) stages.get(1).get("ranges")).get("/optimizer/lr");
        List<Double> topLr = trials(id, "objective").stream().filter(t -> (int) t.get("stage") == 0).limit(2)
                .map(t -> ((Number) ((Map<String, Object>) t.get("params")).get("/optimizer/lr")).doubleValue()).toList();
        assertThat((double) lr1.get("low")).isEqualTo(topLr.stream().mapToDouble(d -> d).min().orElseThrow());
        assertThat((double) lr1.get("high")).isEqualTo(topLr.stream().mapToDouble(d -> d).max().orElseThrow());
        for (Map<String, Object> t : all.subList(6, 13)) {
            double lr = ((Number) ((Map<String, Object>) t.get("params")).get("/optimizer/lr")).doubleValue();
            assertThat(lr).isBetween((double) lr1.get("low"), (double) lr1.get("high"));
        }
        // ASHA stopped some stage-1 trials at the rung after epoch 1; they keep their epoch and say why.
        List<Map<String, Object>> pruned = all.stream().filter(t -> "PRUNED".equals(t.get("status"))).toList();
        assertThat(pruned).isNotEmpty();
        assertThat(pruned).allSatisfy(t -> {
            assertThat(t.get("epochs")).isEqualTo(1);
            assertThat((String) t.get("stopReason")).contains("ASHA").contains("rung epoch 1");
        });
        Map<String, Object> counts = (Map<String, Object>) done.get("counts");
        assertThat(((Number) counts.get("pruned")).intValue()).isEqualTo(pruned.size());
        assertThat(((Number) counts.get("succeeded")).intValue()).isEqualTo(13 - pruned.size());
        Map<String, Object> best = (Map<String, Object>) done.get("best");
        assertThat(best.get("job")).isEqualTo(trials(id, "objective").get(0).get("job"));
        // Trials are ordinary jobs, listed by study.
        Map<String, Object> page = api.map(api.perform(get("/api/v1/jobs?study=" + id + "&size=100")));
        assertThat((List<Object>) page.get("items")).hasSize(13);
        Map<String, Object> job = api.job((String) pruned.get(0).get("job"));
        assertThat(job.get("status")).isEqualTo("PRUNED");
        assertThat(((Map<String, Object>) job.get("trial")).get("study")).isEqualTo(id);
        assertThat(api.metrics((String) job.get("id"))).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSameStudyAndSeedSampleTheSameSpecs() {
        String body = """
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": 1e-4, "high": 1},
                  "/optimizer/momentum": {"type": "choice", "values": [0, 0.5, 0.9]}},
                 "trials": 5, "seed": 99, "maxConcurrentTrials": 5, "preflight": "off"}""".formatted(BASE);
        String a = createOk(body);
        String b = createOk(body);
        String other = createOk(body.replace("\"seed\": 99", "\"seed\": 100"));
        for (String id : List.of(a, b, other)) {
            api.perform(post("/api/v1/studies/{id}/cancel", id));
        }
        List<Object> paramsA = trials(a, "trial").stream().map(t -> t.get("params")).toList();
        List<Object> paramsB = trials(b, "trial").stream().map(t -> t.get("params")).toList();
        assertThat(paramsA).hasSize(5).isEqualTo(paramsB).isNotEqualTo(trials(other, "trial").stream().map(t -> t.get("params")).toList());
        Map<String, Object> spec = (Map<String, Object>) api.job((String) trials(a, "trial").get(2).get("job")).get("spec");
        assertThat(((Map<String, Object>) spec.get("optimizer")).get("lr"))
                .isEqualTo(((Map<String, Object>) paramsA.get(2)).get("/optimizer/lr"));
        assertThat(study(a).get("status")).isEqualTo("CANCELLED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRangeShiftedAwayFromTheOptimumRaisesTheBoundaryWarning() {
        // The base trains best with lr near 0.1, so in [1e-4, 1e-2] a larger rate always does better: the
        // best trial is the one that drew the largest. Pick a seed whose largest draw lands in the top
        // 10 % of the range (in log scale), with the other draws well below it.
        SearchSpace space = new SearchSpace(new java.util.TreeMap<>(Map.of("/optimizer/lr", new Distribution.LogUniform(1e-4, 1e-2))));
        long seed = java.util.stream.LongStream.range(1, 10_000).filter(s -> {
            double[] lr = java.util.stream.IntStream.range(0, 4).mapToDouble(i -> (Double) space.sample(s, 0, i).get("/optimizer/lr")).sorted().toArray();
            return lr[3] > 7e-3 && lr[2] < 2e-3;
        }).findFirst().orElseThrow();
        String id = createOk("""
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": 1e-4, "high": 1e-2}},
                 "trials": 4, "seed": %d, "preflight": "off"}""".formatted(BASE.replace("\"epochs\": 3", "\"epochs\": 2"), seed));
        Map<String, Object> done = awaitEnd(id);
        assertThat(done.get("status")).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> warnings = (List<Map<String, Object>>) done.get("warnings");
        assertThat(warnings).as("%s", done).extracting(w -> w.get("pointer")).containsExactly("/optimizer/lr");
        assertThat((String) warnings.get(0).get("message")).as("%s", done).contains("highest 10%");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSpaceThatWouldProduceInvalidJobsIsRefusedUpFrontWithPointers() {
        MvcResult result = create("""
                {"base": %s, "space": {"/model/layers/0/dropout": {"type": "uniform", "low": 0, "high": 1},
                  "/optimizer/nothing": {"type": "uniform", "low": 0, "high": 1},
                  "/optimizer/lr": {"type": "loguniform", "low": 0, "high": 1}},
                 "trials": 3, "pruner": {"type": "hyperband"}}""".formatted(BASE.replace("\"lr\": 0.1", "\"lr\": -1")));
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        Set<String> pointers = ((List<Map<String, Object>>) api.map(result).get("errors")).stream().map(e -> (String) e.get("pointer"))
                .collect(Collectors.toSet());
        assertThat(pointers).contains("/base/optimizer/lr", "/space/~1optimizer~1lr/low", "/pruner/type");
        MvcResult space = create("""
                {"base": %s, "space": {"/model/layers/0/dropout": {"type": "uniform", "low": 0, "high": 1},
                  "/optimizer/nothing": {"type": "uniform", "low": 0, "high": 1}}, "trials": 3}""".formatted(BASE));
        assertThat(space.getResponse().getStatus()).isEqualTo(400);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) api.map(space).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer")).contains("/space/~1model~1layers~10~1dropout/high", "/space/~1optimizer~1nothing");
        assertThat(api.map(api.perform(get("/api/v1/studies"))).get("totalItems")).as("nothing stored").isNotNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTopTrialsOfAStudyEnsembleAndEachMemberIsScored() {
        String id = createOk("""
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.5}},
                 "trials": 3, "seed": 3, "maxConcurrentTrials": 3, "preflight": "off"}""".formatted(BASE.replace("\"epochs\": 3", "\"epochs\": 1")));
        assertThat(awaitEnd(id).get("status")).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> ranked = trials(id, "objective");
        Map<String, Object> scored = api.map(api.perform(post("/api/v1/ensembles/evaluations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"members\": [{\"study\": \"" + id + "\", \"top\": 2}], \"dataset\": \"fashion-mnist-small\", \"split\": \"test\"}")));
        List<Map<String, Object>> members = (List<Map<String, Object>>) scored.get("members");
        assertThat(members).extracting(m -> m.get("job")).containsExactly(ranked.get(0).get("job"), ranked.get(1).get("job"));
        assertThat(members).allSatisfy(m -> assertThat((Double) m.get("accuracy")).isGreaterThan(0.3));
        assertThat((Double) scored.get("accuracy")).isGreaterThan(0.3);
        MvcResult unknown = api.perform(post("/api/v1/ensembles/evaluations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"members\": [{\"study\": \"" + java.util.UUID.randomUUID() + "\", \"top\": 2}]}"));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(api.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/studies/{id}", id))
                .getResponse().getStatus()).isEqualTo(204);
        assertThat(api.perform(get("/api/v1/jobs/{id}", ranked.get(0).get("job"))).getResponse().getStatus()).as("trials go with it").isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBaseThatFailsThePreflightStartsOnlyWhenAskedTo() {
        String canonical = """
                {"name": "canonical", "dataset": {"id": "fashion-mnist-small", "validation": "test"},
                 "model": {"layers": [{"units": 256, "dropout": 0.2}, {"units": 256, "dropout": 0.5}]},
                 "optimizer": {"type": "sgd", "lr": 0.5}, "epochs": 1, "batchSize": 256, "seed": 42}""";
        String space = "\"space\": {\"/model/layers/0/dropout\": {\"type\": \"uniform\", \"low\": 0, \"high\": 0.5}}, \"trials\": 2";
        String stalled = canonical.replace("\"lr\": 0.5", "\"lr\": 1e-7");
        long before = ((Number) api.map(api.perform(get("/api/v1/studies"))).get("totalItems")).longValue();
        MvcResult refused = create("{\"base\": " + stalled + ", " + space + "}");
        assertThat(refused.getResponse().getStatus()).as(Api.body(refused)).isEqualTo(422);
        Map<String, Object> problem = api.map(refused);
        assertThat(problem.get("title")).isEqualTo("Preflight failed");
        assertThat(problem.get("detail").toString()).contains("did not fit 20 training samples").contains("\"preflight\": \"warn\"");
        assertThat(((Number) api.map(api.perform(get("/api/v1/studies"))).get("totalItems")).longValue()).as("nothing stored").isEqualTo(before);

        String warned = createOk("{\"base\": " + stalled + ", " + space + ", \"preflight\": \"warn\"}");
        Map<String, Object> report = (Map<String, Object>) study(warned).get("preflight");
        assertThat(report.get("pass")).isEqualTo(false);
        assertThat(((Map<String, Object>) report.get("overfitTinySubset")).get("verdict")).isEqualTo("FAIL");
        api.perform(post("/api/v1/studies/{id}/cancel", warned));

        String passed = createOk("{\"base\": " + canonical + ", " + space + "}");
        Map<String, Object> ok = (Map<String, Object>) study(passed).get("preflight");
        assertThat(ok.get("pass")).isEqualTo(true);
        assertThat(((Map<String, Object>) ok.get("initialLoss")).get("verdict")).isEqualTo("PASS");
        api.perform(post("/api/v1/studies/{id}/cancel", passed));
    }
}
