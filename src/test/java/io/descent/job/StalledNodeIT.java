package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that freezes (SIGSTOP: a long GC pause, a suspended VM) for longer than the takeover
 * timeout and then wakes up (SIGCONT) while another node has taken its job over: the job still ends
 * once, with epochs 1..N and a downloadable model, and the woken node's late writes are refused.
 */
class StalledNodeIT {

    static final String SPEC = """
            {"name": "stalled", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 256}, {"units": 256}]},
             "optimizer": {"type": "adam", "lr": 0.001}, "epochs": 8, "batchSize": 16, "seed": 5}""";

    @TempDir
    Path shared;

    @Test
    void aNodeFrozenPastTheTakeoverTimeoutCannotSpoilTheJobWhenItWakes() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            // The postgres profile's session settings (idle_in_transaction_session_timeout) apply; the URL is the test server's.
            List<String> settings = List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--descent.checkpoints.dir=" + shared.resolve("checkpoints"), "--descent.data-dir=" + shared);
            String suffix = Long.toString(System.currentTimeMillis() % 100_000);
            try (NodeProcess a = NodeProcess.start("stall-a-" + suffix, settings); NodeProcess b = NodeProcess.start("stall-b-" + suffix, settings)) {
                String id = (String) a.submit(SPEC, null).get("id");
                Map<String, Object> running = a.await(id, j -> "RUNNING".equals(j.get("status")) && (Integer) j.get("currentEpoch") >= 1,
                        Duration.ofSeconds(120));
                NodeProcess owner = a.name().equals(running.get("node")) ? a : b;
                NodeProcess other = owner == a ? b : a;

                owner.freeze();
                try {
                    // Takeover after 4 missed heartbeats of 1 s; then let the new run finish an epoch of its own.
                    Map<String, Object> taken = other.await(id, j -> other.name().equals(j.get("node")) || "SUCCEEDED".equals(j.get("status")),
                            Duration.ofSeconds(40));
                    int from = (Integer) taken.get("currentEpoch");
                    other.await(id, j -> (Integer) j.get("currentEpoch") > from || "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(60));
                } finally {
                    owner.thaw();
                }

                Map<String, Object> done = other.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(240));
                assertThat(done).containsEntry("node", other.name());
                assertThat(other.metrics(id)).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 8).boxed().toList());
                List<Map<String, Object>> events = other.events(id);
                assertThat(events).filteredOn(e -> "SUCCEEDED".equals(e.get("status"))).hasSize(1);
                assertThat(events).extracting(e -> (String) e.get("reason"))
                        .anySatisfy(r -> assertThat(r).contains("on node " + other.name()).contains("after node " + owner.name() + " stopped heartbeating"));
                assertThat(other.status("/api/v1/jobs/" + id + "/model")).as("the finished job's model").isEqualTo(200);
                assertThat(owner.status("/api/v1/jobs/" + id + "/model")).isEqualTo(200);

                // The woken node noticed, refused its own late write and says so; it stays up.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!owner.log().contains("late write refused") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(owner.log()).contains("Job " + id + ": late write refused");
                assertThat(owner.status("/actuator/health")).isEqualTo(200);
                assertThat(other.job(id)).containsEntry("status", "SUCCEEDED");
                assertThat(other.metrics(id)).hasSize(8);
            }
        }
    }
}
