package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.EventStream;
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
 * PostgreSQL: B's stream carries every epoch, A's progress and the terminal state of a job it
 * never ran. B's safety-net poll is turned off, so all of it came through LISTEN/NOTIFY.
 */
class StreamAcrossNodesIT {

    @TempDir
    Path shared;

    @Test
    void aSubscriberOnOneNodeFollowsAJobTrainedOnAnother() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            List<String> settings = List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--descent.checkpoints.dir=" + shared.resolve("checkpoints"), "--descent.data-dir=" + shared,
                    "--descent.worker.progress-interval=50ms");
            List<String> apiOnly = new ArrayList<>(settings);
            apiOnly.add("--descent.worker.enabled=false");
            apiOnly.add("--descent.api.stream-poll-interval=1h");
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
                int progress = 0;
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String event = null;
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.startsWith("data:") && "epoch".equals(event)) {
                            epochs.add(line.replaceAll(".*\"epoch\":(\\d+).*", "$1"));
                        } else if (line.startsWith("data:") && "progress".equals(event)) {
                            progress++;
                        } else if (line.startsWith("data:") && "state".equals(event)) {
                            states.add(line.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1") + "@" + line.replaceAll(".*\"node\":\"([^\"]*)\".*", "$1"));
                        }
                    }
                }
                assertThat(epochs).containsExactlyElementsOf(IntStream.rangeClosed(1, 5).mapToObj(String::valueOf).toList());
                assertThat(states.get(states.size() - 1)).isEqualTo("SUCCEEDED@trainer-a");
                assertThat(states).anyMatch(s -> s.equals("RUNNING@trainer-a"));
                assertThat(progress).as("progress events from the training node").isPositive();

                // A study created through B, its trials trained (and the study advanced) by A.
                HttpResponse<String> created = b.post("/api/v1/studies", """
                        {"base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": [{"units": 32}]},
                                  "optimizer": {"type": "sgd", "lr": 0.1}, "epochs": 3, "batchSize": 16, "seed": 4},
                         "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}}, "trials": 3,
                         "maxConcurrentTrials": 1, "seed": 2, "preflight": "off"}""");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String study = (String) tools.jackson.databind.json.JsonMapper.builder().build().readValue(created.body(), java.util.Map.class).get("id");
                List<EventStream.Event> events = EventStream.read(HttpClient.newHttpClient(), b.url() + "/api/v1/studies/" + study + "/stream", null);
                assertThat(events.get(0).name()).isEqualTo("snapshot");
                assertThat(events.get(events.size() - 1).data()).containsEntry("status", "SUCCEEDED");
                assertThat(events.stream().filter(e -> e.name().equals("trial") && "finished".equals(e.data().get("change")))
                        .map(e -> e.data().get("trial"))).as("trials finished on A, seen on B").containsAnyOf(2, 3);

                // A key revoked through B is refused by A at once, though A had it cached: the revocation is a notification too.
                HttpResponse<String> key = b.post("/api/v1/keys", "{\"name\": \"roaming\"}");
                assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
                java.util.Map<?, ?> made = tools.jackson.databind.json.JsonMapper.builder().build().readValue(key.body(), java.util.Map.class);
                String secret = (String) made.get("key");
                String keyId = (String) ((java.util.Map<?, ?>) made.get("info")).get("id");
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest onA = HttpRequest.newBuilder(URI.create(a.url() + "/api/v1/jobs")).header("Authorization", "Bearer " + secret).GET().build();
                assertThat(http.send(onA, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(b.url() + "/api/v1/keys/" + keyId)).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                int status;
                do {
                    status = http.send(onA, HttpResponse.BodyHandlers.discarding()).statusCode();
                } while (status == 200 && System.nanoTime() < deadline);
                assertThat(status).as("the revoked key on the other node").isEqualTo(401);
            }
        }
    }
}
