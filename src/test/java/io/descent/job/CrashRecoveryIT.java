package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node on its H2 file database, as a real process: killed with SIGKILL in the middle of a job,
 * started again, it resumes the job from its last checkpoint and ends with exactly the metrics of
 * an uninterrupted run; stopped with SIGTERM, it puts the running job back in the queue.
 */
class CrashRecoveryIT {

    static final String SPEC = """
            {"name": "survivor", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 256, "dropout": 0.2}, {"units": 256, "dropout": 0.5}]},
             "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}, "epochs": %d, "batchSize": 16, "seed": 21}""";

    @TempDir
    Path dataDir;

    private NodeProcess node() throws Exception {
        return NodeProcess.start("single", List.of("--descent.data-dir=" + dataDir));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKilledNodeResumesItsJobFromTheLastCheckpointWithIdenticalResults() throws Exception {
        String id;
        try (NodeProcess first = node()) {
            id = (String) first.submit(SPEC.formatted(8), null).get("id");
            first.await(id, j -> (Integer) j.get("currentEpoch") >= 2, Duration.ofSeconds(120));
            first.kill();
        }
        try (NodeProcess second = node()) {
            Map<String, Object> done = second.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            assertThat((Integer) done.get("resumedFromEpoch")).isGreaterThanOrEqualTo(2);
            List<Map<String, Object>> rows = second.metrics(id);
            assertThat(rows).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 8).boxed().toList());
            assertThat(second.events(id)).extracting(e -> (String) e.get("reason"))
                    .anySatisfy(r -> assertThat(r).contains("resumed from epoch " + done.get("resumedFromEpoch")).contains("stopped heartbeating"));

            String control = (String) second.submit(SPEC.formatted(8), null).get("id");
            second.await(control, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            assertThat(second.job(control).get("resumedFromEpoch")).isNull();
            List<Map<String, Object>> uninterrupted = second.metrics(control);
            for (int i = 0; i < 8; i++) {
                assertThat(rows.get(i).get("trainLoss")).as("epoch %d", i + 1).isEqualTo(uninterrupted.get(i).get("trainLoss"));
                assertThat(rows.get(i).get("validationAccuracy")).isEqualTo(uninterrupted.get(i).get("validationAccuracy"));
            }
        }
    }

    @Test
    void aGracefulShutdownPutsTheRunningJobBackInTheQueue() throws Exception {
        String id;
        try (NodeProcess first = node()) {
            id = (String) first.submit(SPEC.formatted(30), null).get("id");
            first.await(id, j -> (Integer) j.get("currentEpoch") >= 1, Duration.ofSeconds(120));
            first.terminate();
        }
        try (NodeProcess second = NodeProcess.start("single-api", List.of("--descent.data-dir=" + dataDir, "--descent.worker.enabled=false"))) {
            assertThat(second.job(id)).containsEntry("status", "QUEUED");
            assertThat(second.events(id)).extracting(e -> (String) e.get("reason")).anySatisfy(r -> assertThat(r).contains("shut down").contains("back in the queue"));
            second.cancel(id);
            assertThat(second.job(id)).containsEntry("status", "CANCELLED");
        }
    }
}
