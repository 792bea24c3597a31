package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away for longer than the takeover timeout while a job trains, then comes
 * back: the job is not failed; it continues from its checkpoint and ends with epochs 1..N.
 */
class DatabaseOutageIT {

    static final String SPEC = """
            {"name": "outage", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 128}]},
             "optimizer": {"type": "adam", "lr": 0.001}, "epochs": 6, "batchSize": 16, "seed": 9}""";

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres(int port) throws Exception {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).start();
    }

    @Test
    void aJobOutlivesADatabaseOutage() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = postgres(port);
        List<String> settings = List.of("--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres",
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.datasource.hikari.connection-timeout=2000", "--descent.data-dir=" + dir);
        try (NodeProcess node = NodeProcess.start("outage-" + port, settings)) {
            String id = (String) node.submit(SPEC, null).get("id");
            node.await(id, j -> (Integer) j.get("currentEpoch") >= 1, Duration.ofSeconds(120));
            postgres.close();
            Thread.sleep(10_000); // longer than the takeover timeout of 4 × 1 s
            postgres = postgres(port);

            Map<String, Object> done = node.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(240));
            assertThat(done.get("error")).isNull();
            assertThat(node.metrics(id)).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 6).boxed().toList());
            List<Map<String, Object>> events = node.events(id);
            assertThat(events).extracting(e -> (String) e.get("status")).doesNotContain("FAILED");
            assertThat(events).filteredOn(e -> "SUCCEEDED".equals(e.get("status"))).hasSize(1);
            assertThat(node.status("/actuator/health")).isEqualTo(200);
        } finally {
            postgres.close();
        }
    }
}
