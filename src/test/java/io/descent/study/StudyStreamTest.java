package io.descent.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.EventStream;
import io.descent.support.EventStream.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/** A study's event stream over a real HTTP connection, while its trials really train. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StudyStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private String create(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/studies"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return (String) JSON.readValue(r.body(), Map.class).get("id");
    }

    private List<Event> read(String study) throws Exception {
        return EventStream.read(http, "http://localhost:" + port + "/api/v1/studies/" + study + "/stream", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStudysStreamStartsWithASnapshotThenFollowsEveryTrialToTheEnd() throws Exception {
        String id = create("""
                {"base": {"dataset": {"id": "fashion-mnist-small", "validation": 0.2}, "model": {"layers": [{"units": 32}]},
                          "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5}, "epochs": 2, "batchSize": 128, "seed": 7},
                 "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 0.3}},
                 "stages": [{"trials": 2, "epochs": 1, "keepTop": 1}, {"trials": 1, "epochs": 2}],
                 "maxConcurrentTrials": 1, "seed": 3, "preflight": "off"}""");
        List<Event> events = read(id);

        assertThat(events.get(0).name()).isEqualTo("snapshot");
        assertThat(((Map<String, Object>) events.get(0).data().get("study")).get("id")).isEqualTo(id);
        assertThat(events).extracting(Event::id).doesNotHaveDuplicates();
        Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("state");
        assertThat(last.data()).containsEntry("status", "SUCCEEDED");

        // Every trial, whether the snapshot or a later event first showed it, is seen to finish, each epoch on its way.
        List<Map<String, Object>> seen = new java.util.ArrayList<>((List<Map<String, Object>>) events.get(0).data().get("trials"));
        events.stream().filter(e -> e.name().equals("trial")).forEach(e -> seen.add(e.data()));
        Map<Object, List<Map<String, Object>>> byTrial = seen.stream().collect(Collectors.groupingBy(t -> t.get("trial")));
        assertThat(byTrial).containsOnlyKeys(1, 2, 3);
        byTrial.forEach((trial, views) -> {
            Map<String, Object> end = views.get(views.size() - 1);
            assertThat(end.get("status")).as("trial %s", trial).isEqualTo("SUCCEEDED");
            assertThat((List<Object>) end.get("values")).as("trial %s", trial).hasSize((Integer) end.get("epochs"));
        });
        assertThat(((List<Object>) byTrial.get(3).get(byTrial.get(3).size() - 1).get("values"))).hasSize(2);
        List<String> changesOf3 = events.stream().filter(e -> e.name().equals("trial") && e.data().get("trial").equals(3))
                .map(e -> (String) e.data().get("change")).toList();
        assertThat(changesOf3).as("trial 3 was created during the stream").containsSubsequence("queued", "started", "epoch", "epoch", "finished");

        // Stage 1 began during the stream; best-so-far was announced and ends on the study's best.
        assertThat(events).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("stage");
            assertThat(e.data()).containsEntry("stage", 1);
        });
        List<Event> bests = events.stream().filter(e -> e.name().equals("best")).toList();
        assertThat(bests).isNotEmpty();
        Map<String, Object> study = JSON.readValue(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/studies/" + id))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body(), Map.class);
        assertThat(bests.get(bests.size() - 1).data().get("job")).isEqualTo(((Map<String, Object>) study.get("best")).get("job"));

        // A finished study's stream is its snapshot, then it ends.
        List<Event> after = read(id);
        assertThat(after).extracting(Event::name).containsExactly("snapshot");
        assertThat((List<Object>) after.get(0).data().get("trials")).hasSize(3);
    }

    @Test
    void anUnknownStudyIsA404() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/studies/" + UUID.randomUUID()
                + "/stream")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
