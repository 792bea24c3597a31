package io.descent.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study survives kill -9 of its node, as a real process on its H2 file database: killed while
 * trials of the first stage train, and again once the second stage has begun, the node started
 * again finishes the study with exactly the declared trials, numbered 1..n, none lost, none twice.
 */
class StudyCrashIT {

    private static final String STUDY = """
            {"name": "crash-study",
             "base": {"name": "small", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                      "model": {"layers": [{"units": 128, "dropout": 0.2}]}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5},
                      "epochs": 2, "batchSize": 32, "seed": 4},
             "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.5},
                       "/model/layers/0/dropout": {"type": "uniform", "low": 0, "high": 0.5}},
             "seed": 12, "stages": [{"trials": 5, "epochs": 1, "keepTop": 2}, {"trials": 4, "epochs": 3}],
             "pruner": {"type": "asha", "minEpochs": 1, "reductionFactor": 2}, "maxConcurrentTrials": 2, "preflight": "off"}""";

    @TempDir
    Path dataDir;

    private NodeProcess node(String name) throws Exception {
        return NodeProcess.start(name, List.of("--descent.data-dir=" + dataDir, "--descent.studies.sweep-interval=1s"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStudyKilledTwiceEndsWithExactlyItsDeclaredTrials() throws Exception {
        String id;
        try (NodeProcess first = node("study-1")) {
            HttpResponse<String> created = first.post("/api/v1/studies", STUDY);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = (String) new tools.jackson.databind.json.JsonMapper().readValue(created.body(), Map.class).get("id");
            String study = id;
            await(first, id, s -> ((Number) ((Map<String, Object>) s.get("counts")).get("running")).intValue() > 0
                    && ((Number) s.get("trialEpochs")).intValue() >= 1, study);
            first.kill();
        }
        try (NodeProcess second = node("study-2")) {
            await(second, id, s -> ((Number) s.get("stage")).intValue() >= 1
                    && ((Number) ((Map<String, Object>) s.get("counts")).get("running")).intValue() > 0, id);
            second.kill();
        }
        try (NodeProcess third = node("study-3")) {
            Map<String, Object> done = await(third, id, s -> !"RUNNING".equals(s.get("status")), id);
            assertThat(done.get("status")).as("%s", done).isEqualTo("SUCCEEDED");
            List<Map<String, Object>> trials = (List<Map<String, Object>>) third.get("/api/v1/studies/" + id + "/trials").get("trials");
            assertThat(trials).extracting(t -> t.get("trial")).containsExactlyElementsOf(IntStream.rangeClosed(1, 9).boxed().toList());
            assertThat(trials).extracting(t -> t.get("stage")).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
            assertThat(trials).allSatisfy(t -> assertThat(t.get("status")).isIn("SUCCEEDED", "PRUNED"));
            Map<String, Object> jobs = third.get("/api/v1/jobs?study=" + id + "&size=100");
            assertThat(((Number) jobs.get("totalItems")).intValue()).as("no trial job twice").isEqualTo(9);
            assertThat(done.get("best")).isNotNull();
            // At least one trial was interrupted by a kill and resumed, not trained again from scratch.
            boolean resumed = false;
            for (Map<String, Object> t : trials) {
                List<Map<String, Object>> events = third.events((String) t.get("job"));
                resumed |= events.stream().anyMatch(e -> String.valueOf(e.get("reason")).contains("stopped heartbeating"));
            }
            assertThat(resumed).as("a trial was taken over after a kill").isTrue();
        }
    }

    private static Map<String, Object> await(NodeProcess node, String id, Predicate<Map<String, Object>> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        Map<String, Object> s = node.get("/api/v1/studies/" + id);
        while (!condition.test(s)) {
            assertThat(System.nanoTime()).as("waiting on study %s: %s", what, s).isLessThan(deadline);
            Thread.sleep(100);
            s = node.get("/api/v1/studies/" + id);
        }
        return s;
    }
}
