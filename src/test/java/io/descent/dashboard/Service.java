package io.descent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The service on its random port over real HTTP, as the browser tests set it up and check it. */
final class Service {

    static final Duration WAIT = Duration.ofSeconds(120);
    /** A fraction of a second to a second an epoch (250 batches of 16): long enough to watch; cancelled when done. */
    static final String SLOW_JOB = """
            {"name": "%s", "dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": [{"units": 64}]},
             "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.5}, "epochs": 300, "batchSize": 16, "seed": 3}""";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    Service(int port) {
        this.port = port;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    String submitJob(String spec) throws Exception {
        return created("/api/v1/jobs", spec);
    }

    String createStudy(String spec) throws Exception {
        return created("/api/v1/studies", spec);
    }

    private String created(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) JSON.readValue(r.body(), Map.class).get("id");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(String path) throws Exception {
        return JSON.readValue(read(path), Map.class);
    }

    private String read(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    Map<String, Object> job(String id) throws Exception {
        return get("/api/v1/jobs/" + id);
    }

    int metricsCount(String id) throws Exception {
        return JSON.readValue(read("/api/v1/jobs/" + id + "/metrics"), List.class).size();
    }

    long jobCount() throws Exception {
        return ((Number) get("/api/v1/jobs").get("totalItems")).longValue();
    }

    void awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status.equals(job(id).get("status"))) {
            assertThat(System.nanoTime()).as("job %s never became %s: %s", id, status, job(id)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    void awaitStudyEnd(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ("RUNNING".equals(get("/api/v1/studies/" + id).get("status"))) {
            assertThat(System.nanoTime()).as("study %s still running", id).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Frees the node's one worker for the next test. */
    void cancelAndAwaitEnd(String id) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/jobs/" + id + "/cancel"))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (List.of("QUEUED", "RUNNING").contains(job(id).get("status")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
