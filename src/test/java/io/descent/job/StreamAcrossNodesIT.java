package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job trained by node A, streamed from node B (API only), both separate JVMs on a real
 * PostgreSQL: B's stream carries every epoch and the terminal state of a job it never ran.
 */
class StreamAcrossNodesIT {

    @TempDir
    Path shared;

    @Test
    void aSubscriberOnOneNodeFollowsAJobTrainedOnAnother() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            List<String> settings = List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--descent.checkpoints.dir=" + shared.resolve("checkpoints"), "--descent.data-dir=" + shared);
            List<String> apiOnly = new ArrayList<>(settings);
            apiOnly.add("--descent.worker.enabled=false");
            try (NodeProcess a = NodeProcess.start("trainer-a", settings); NodeProcess b = NodeProcess.start("viewer-b", apiOnly)) {
                String id = (String) b.submit("""
                        {"dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": [{"units": 128}]},
                         "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5}, "epochs": 5, "batchSize": 32, "seed": 9}""", null).get("id");
                HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(b.url() + "/api/v1/jobs/" + id + "/stream")).timeout(Duration.ofSeconds(180)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                List<String> epochs = new ArrayList<>();
                List<String> states = new ArrayList<>();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String event = null;
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.startsWith("data:") && "epoch".equals(event)) {
                            epochs.add(line.replaceAll(".*\"epoch\":(\\d+).*", "$1"));
                        } else if (line.startsWith("data:") && "state".equals(event)) {
                            states.add(line.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1") + "@" + line.replaceAll(".*\"node\":\"([^\"]*)\".*", "$1"));
                        }
                    }
                }
                assertThat(epochs).containsExactlyElementsOf(IntStream.rangeClosed(1, 5).mapToObj(String::valueOf).toList());
                assertThat(states.get(states.size() - 1)).isEqualTo("SUCCEEDED@trainer-a");
                assertThat(states).anyMatch(s -> s.equals("RUNNING@trainer-a"));
            }
        }
    }
}
