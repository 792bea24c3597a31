package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * More models in use than the model cache keeps (4 here): a 12-member ensemble, and 50 parallel
 * predictions while a model download streams and its model is evicted. Everything answers, and
 * afterwards no lease is left open and nothing stays loaded beyond what the cache keeps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "descent.models.cache-size=4")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelLeasesTest {

    private static final int FEATURES = 1000;
    /** 1000 x 8192 float weights: a 32 MB archive, more than socket buffers hold, so the download waits on its reader. */
    private static final int BIG_UNITS = 8192;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRegistry registry;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Api api;
    private String dataset;
    private List<String> members;
    private String big;
    private String instance;

    @BeforeAll
    void trainTwelveSmallModelsAndABigOne() {
        api = new Api(mvc);
        MvcResult created = api.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON).content(
                "{\"generator\": \"blobs\", \"seed\": 5, \"features\": " + FEATURES + ", \"trainSamples\": 60, \"testSamples\": 30}"));
        dataset = (String) api.map(created).get("id");
        members = IntStream.rangeClosed(1, 12).mapToObj(seed -> train(4, seed)).toList();
        big = train(BIG_UNITS, 1);
        members.forEach(job -> api.awaitStatus(job, "SUCCEEDED"));
        api.awaitStatus(big, "SUCCEEDED");
        instance = "{\"instances\": [" + IntStream.range(0, FEATURES).mapToObj(i -> String.valueOf(i % 7 - 3.0))
                .collect(Collectors.joining(", ", "[", "]")) + "]}";
    }

    private String train(int units, int seed) {
        return api.submitOk("""
                {"dataset": {"id": "%s"}, "model": {"layers": [{"units": %d}]}, "optimizer": {"type": "sgd", "lr": 0.01},
                 "epochs": 1, "batchSize": 30, "seed": %d}""".formatted(dataset, units, seed));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEnsembleOfTwelveJobsAnswers() {
        MvcResult scored = api.perform(post("/api/v1/ensembles/predictions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"jobs\": " + JSON.writeValueAsString(members) + ", \"dataset\": \"" + dataset + "\"}"));
        assertThat(scored.getResponse().getStatus()).as(Api.body(scored)).isEqualTo(200);
        assertThat((List<Map<String, Object>>) api.map(scored).get("members")).hasSize(12)
                .allSatisfy(m -> assertThat((Double) m.get("accuracy")).isBetween(0.0, 1.0));
        assertThat(api.map(scored)).containsEntry("samples", 30);

        MvcResult predicted = api.perform(post("/api/v1/ensembles/predictions").contentType(MediaType.APPLICATION_JSON)
                .content(instance.replace("{", "{\"jobs\": " + JSON.writeValueAsString(members) + ", ")));
        assertThat(predicted.getResponse().getStatus()).as(Api.body(predicted)).isEqualTo(200);
        assertThat((List<Object>) api.map(predicted).get("predictions")).hasSize(1);

        awaitNothingLeaked();
    }

    @Test
    void parallelPredictionsWhileADownloadStreamsAndItsModelIsEvictedAllAnswerAndLeakNothing() throws Exception {
        HttpResponse<InputStream> download = http.send(request("/api/v1/jobs/" + big + "/model").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (InputStream body = download.body()) {
            zip.write(body.readNBytes(1 << 16));
            await("the download to wait on its reader, holding its model", () -> held("models") == 1);

            for (int wave = 0; wave < 5 && loaded("models") <= cached("models"); wave++) {
                List<CompletableFuture<HttpResponse<String>>> predictions = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    predictions.add(http.sendAsync(request("/api/v1/jobs/" + members.get(i % members.size()) + "/predictions")
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(instance)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> prediction : predictions) {
                    HttpResponse<String> answer = prediction.get();
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                }
            }
            assertThat(loaded("models")).as("the downloading model was evicted from the cache and is still loaded")
                    .isEqualTo(cached("models") + 1);
            assertThat(held("models")).as("only the download still holds a model").isEqualTo(1);
            body.transferTo(zip);
        }

        Map<String, Long> entries = new java.util.HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip.toByteArray()))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
        }
        assertThat(entries).containsKeys("README.txt", "spec.json", "model.json");
        assertThat(entries.get("weights.bin")).as("every weight arrived").isGreaterThan(4L * FEATURES * BIG_UNITS);

        awaitNothingLeaked();
        HttpResponse<String> health = http.send(request("/actuator/health").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        HttpResponse<String> after = http.send(request("/api/v1/jobs/" + big + "/predictions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(instance)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the evicted model loads again").isEqualTo(200);
    }

    private void awaitNothingLeaked() {
        await("every model lease released", () -> held("models") == 0);
        await("every dataset lease released", () -> held("datasets") == 0);
        await("only cached models loaded", () -> loaded("models") == cached("models"));
        assertThat(cached("models")).isLessThanOrEqualTo(4);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private double held(String cache) {
        return registry.get("descent.leases.held").tag("cache", cache).gauge().value();
    }

    private double loaded(String cache) {
        return registry.get("descent.leases.loaded").tag("cache", cache).gauge().value();
    }

    private double cached(String cache) {
        return registry.get("cache.size").tag("cache", cache).gauge().value();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
