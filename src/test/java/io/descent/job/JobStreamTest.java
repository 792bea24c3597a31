package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.EventStream;
import io.descent.support.EventStream.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/** Server-sent event streams of jobs, over a real HTTP connection, training real jobs on the shipped subset. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "descent.worker.progress-interval=50ms")
@ActiveProfiles("test")
class JobStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private String submit(String spec) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) JSON.readValue(r.body(), Map.class).get("id");
    }

    private List<Event> read(String job, String lastEventId) throws Exception {
        return EventStream.read(http, "http://localhost:" + port + "/api/v1/jobs/" + job + "/stream", lastEventId);
    }

    @Test
    void aJobsStreamCarriesEveryEpochAndItsTerminalStateThenEnds() throws Exception {
        String job = submit("""
                {"dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": [{"units": 64}]},
                 "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5}, "epochs": 4, "batchSize": 8, "seed": 3}""");
        List<Event> events = read(job, null);
        List<Event> durable = events.stream().filter(e -> !e.name().equals("progress")).toList();
        assertThat(durable.stream().filter(e -> e.name().equals("epoch")).map(e -> e.data().get("epoch")))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 4).boxed().toList());
        assertThat(durable.get(0).data()).containsEntry("status", "QUEUED");
        assertThat(durable.get(durable.size() - 1).name()).isEqualTo("state");
        assertThat(durable.get(durable.size() - 1).data()).containsEntry("status", "SUCCEEDED");
        assertThat(durable).extracting(Event::id).doesNotHaveDuplicates().allMatch(id -> id.matches("\\d+:\\d+"));
        // 400 batches an epoch and a 50 ms interval: the training node reports progress inside epochs.
        List<Event> progress = events.stream().filter(e -> e.name().equals("progress")).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress).allSatisfy(p -> {
            assertThat((Integer) p.data().get("batch")).isLessThan((Integer) p.data().get("batches"));
            assertThat(((Number) p.data().get("runningLoss")).doubleValue()).isPositive();
            assertThat(((Number) p.data().get("etaSeconds")).doubleValue()).isNotNegative();
        });

        // Reconnecting after any event resumes with exactly the durable events after it.
        for (int k = 0; k < durable.size(); k++) {
            List<Event> resumed = read(job, durable.get(k).id()).stream().filter(e -> !e.name().equals("progress")).toList();
            assertThat(resumed).as("after event %d (%s)", k, durable.get(k).id()).isEqualTo(durable.subList(k + 1, durable.size()));
        }
    }

    @Test
    void aBadCursorIsA400AndAnUnknownJobA404() throws Exception {
        String job = submit("""
                {"dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": []}, "epochs": 1, "seed": 1}""");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/" + job + "/stream"))
                .header("Last-Event-ID", "yesterday").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Last-Event-ID").contains("12:3");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/jobs/"
                + java.util.UUID.randomUUID() + "/stream")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
