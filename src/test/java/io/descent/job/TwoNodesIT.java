package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes, separate JVMs from the packaged jar, sharing a real PostgreSQL and a checkpoint
 * directory: a cancel reaches a job on the other node; when one node is killed with SIGKILL, the
 * other resumes its job from the last checkpoint, and every job succeeds exactly once.
 */
class TwoNodesIT {

    static final String SPEC = """
            {"name": "shared-%d", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 256}, {"units": 256}]},
             "optimizer": {"type": "adam", "lr": 0.001}, "epochs": %d, "batchSize": 16, "seed": %d}""";

    @TempDir
    Path shared;

    @Test
    @SuppressWarnings("unchecked")
    void jobsSurviveTheLossOfANodeAndCancelsCrossNodes() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            List<String> settings = List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--descent.checkpoints.dir=" + shared.resolve("checkpoints"), "--descent.data-dir=" + shared);
            try (NodeProcess a = NodeProcess.start("node-a", settings); NodeProcess b = NodeProcess.start("node-b", settings)) {
                // Cancel through the node that does not run the job.
                String long_ = (String) a.submit(SPEC.formatted(0, 200, 1), null).get("id");
                Map<String, Object> running = a.await(long_, j -> "RUNNING".equals(j.get("status")), Duration.ofSeconds(60));
                NodeProcess other = "node-a".equals(running.get("node")) ? b : a;
                other.cancel(long_);
                a.await(long_, j -> "CANCELLED".equals(j.get("status")), Duration.ofSeconds(15));

                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    ids.add((String) b.submit(SPEC.formatted(i, 6, 100 + i), null).get("id"));
                }
                // Kill node A once it has checkpointed at least one epoch of some job.
                String victim = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (victim == null && System.nanoTime() < deadline) {
                    for (String id : ids) {
                        Map<String, Object> job = b.job(id);
                        if ("RUNNING".equals(job.get("status")) && "node-a".equals(job.get("node")) && (Integer) job.get("currentEpoch") >= 1
                                && (Integer) job.get("currentEpoch") < 5) {
                            victim = id;
                            break;
                        }
                    }
                    Thread.sleep(50);
                }
                assertThat(victim).as("a job ran on node-a").isNotNull();
                a.kill();

                for (String id : ids) {
                    Map<String, Object> done = b.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(240));
                    assertThat(b.metrics(id)).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 6).boxed().toList());
                    assertThat(b.events(id)).filteredOn(e -> "SUCCEEDED".equals(e.get("status"))).hasSize(1);
                    if (id.equals(victim)) {
                        assertThat(done).containsEntry("node", "node-b");
                        assertThat((Integer) done.get("resumedFromEpoch")).isGreaterThanOrEqualTo(1);
                        assertThat(b.events(id)).extracting(e -> (String) e.get("reason")).anySatisfy(r -> assertThat(r)
                                .contains("resumed from epoch").contains("on node node-b").contains("after node node-a stopped heartbeating"));
                    }
                }
            }
        }
    }
}
