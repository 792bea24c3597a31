package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of one node on its H2 database, with real processes: a damaged newest checkpoint after a
 * kill -9, a job that keeps killing its node, a SIGTERM in the middle of an epoch.
 */
class NodeFaultsIT {

    static final String SPEC = """
            {"name": "faulty", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 128, "dropout": 0.2}]},
             "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}, "epochs": %d, "batchSize": 16, "seed": 3}""";

    static final String OVERSIZED = """
            {"dataset": {"id": "fashion-mnist-small"}, "optimizer": {"type": "adam", "lr": 0.001},
             "model": {"layers": [%s]}}""".formatted(String.join(", ", java.util.Collections.nCopies(16, "{\"units\": 8192}")));

    @TempDir
    Path dataDir;

    private NodeProcess node(String name, boolean worker, String... more) throws Exception {
        List<String> settings = new java.util.ArrayList<>(List.of("--descent.data-dir=" + dataDir, "--descent.worker.enabled=" + worker));
        settings.addAll(List.of(more));
        return NodeProcess.start(name, settings);
    }

    @Test
    void aTruncatedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        String id;
        try (NodeProcess first = node("truncate-1", true)) {
            id = (String) first.submit(SPEC.formatted(8), null).get("id");
            first.await(id, j -> (Integer) j.get("currentEpoch") >= 3, Duration.ofSeconds(120));
            first.kill();
        }
        int newest;
        try (NodeProcess look = node("truncate-look", false)) {
            newest = (Integer) look.job(id).get("currentEpoch");
        }
        Path file;
        try (Stream<Path> files = Files.list(dataDir.resolve("checkpoints").resolve(id))) {
            file = files.filter(p -> p.getFileName().toString().startsWith("epoch-" + newest + "-")).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        try (NodeProcess second = node("truncate-2", true)) {
            Map<String, Object> done = second.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            assertThat(done).containsEntry("resumedFromEpoch", newest - 1);
            assertThat(second.metrics(id)).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 8).boxed().toList());
            assertThat(second.events(id)).extracting(e -> (String) e.get("reason")).anySatisfy(r -> assertThat(r)
                    .contains("resumed from epoch " + (newest - 1))
                    .contains("the checkpoint after epoch " + newest + " was skipped: the checkpoint file is truncated"));
            assertThat(second.status("/api/v1/jobs/" + id + "/model")).isEqualTo(200);
        }
    }

    @Test
    void aJobWhoseNodeDiesThreeTimesEndsCrashLoop() throws Exception {
        String id = null;
        for (int death = 1; death <= 3; death++) {
            try (NodeProcess node = node("crash-" + death, true)) {
                if (id == null) {
                    id = (String) node.submit(SPEC.formatted(50), null).get("id");
                }
                node.await(id, j -> node.name().equals(j.get("node")) && "RUNNING".equals(j.get("status")), Duration.ofSeconds(60));
                node.kill(); // as the kernel's OOM killer would
            }
        }
        // The limit's default is half the machine's memory (12 GB on CI's 24 GB); pinned so the test holds on bigger hosts.
        try (NodeProcess last = node("crash-4", true, "--descent.limits.max-job-memory=12GB")) {
            Map<String, Object> failed = last.await(id, j -> "FAILED".equals(j.get("status")), Duration.ofSeconds(60));
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) failed.get("error");
            assertThat(error).containsEntry("type", "crash_loop");
            assertThat((String) error.get("message")).contains("died 3 times (crash-1, crash-2, crash-3)").contains("maxRestarts is 3");
            assertThat(last.events(id)).extracting(e -> (String) e.get("status")).endsWith("FAILED");

            // What kills nodes in the field, refused before it can: 16 × 8192 units with Adam is ~17 GB.
            java.net.http.HttpResponse<String> refused = last.post("/api/v1/jobs", OVERSIZED);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("descent.limits.max-job-memory");
        }
    }

    @Test
    void aSigtermMidEpochRequeuesTheJobWhichThenSucceeds() throws Exception {
        String id;
        try (NodeProcess first = node("term-1", true)) {
            id = (String) first.submit(SPEC.formatted(6), null).get("id");
            first.await(id, j -> (Integer) j.get("currentEpoch") >= 1, Duration.ofSeconds(120));
            long start = System.nanoTime();
            first.terminate();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well inside compose's 45 s grace period").isLessThan(Duration.ofSeconds(20));
        }
        try (NodeProcess second = node("term-2", true)) {
            Map<String, Object> done = second.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            assertThat((Integer) done.get("resumedFromEpoch")).isGreaterThanOrEqualTo(1);
            assertThat(second.metrics(id)).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 6).boxed().toList());
            List<Map<String, Object>> events = second.events(id);
            assertThat(events).extracting(e -> (String) e.get("status")).doesNotContain("FAILED");
            String requeued = events.stream().map(e -> (String) e.get("reason")).filter(r -> r.contains("shut down")).findFirst().orElseThrow();
            if (requeued.contains("which it kept")) { // unless the stop fell exactly on an epoch's first batch
                assertThat(events).extracting(e -> (String) e.get("reason"))
                        .anySatisfy(r -> assertThat(r).containsPattern("resumed in epoch \\d+ after batch \\d+ on node term-2"));
            }

            // The batches kept at shutdown are not trained again, and the results are an uninterrupted run's.
            String control = (String) second.submit(SPEC.formatted(6), null).get("id");
            second.await(control, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            List<Map<String, Object>> rows = second.metrics(id);
            List<Map<String, Object>> uninterrupted = second.metrics(control);
            for (int i = 0; i < 6; i++) {
                assertThat(rows.get(i).get("trainLoss")).as("epoch %d", i + 1).isEqualTo(uninterrupted.get(i).get("trainLoss"));
                assertThat(rows.get(i).get("validationAccuracy")).isEqualTo(uninterrupted.get(i).get("validationAccuracy"));
            }
        }
    }
}
