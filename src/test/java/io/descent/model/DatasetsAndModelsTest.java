package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.json.JsonMapper;

/** The whole user flow: upload a table, train on it, download the model, predict, evaluate, ensemble. */
@FullStackTest
class DatasetsAndModelsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
    }

    private MvcResult uploadCsv(String csv, String query) {
        return api.perform(post("/api/v1/datasets" + query).contentType("text/csv").content(csv));
    }

    private MvcResult json(String path, String body) {
        return api.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String trainOn(String dataset, int seed, int epochs) {
        return api.submitOk("""
                {"dataset": {"id": "%s", "validation": 0.2, "normalize": "standard"},
                 "model": {"layers": [{"units": 16}]}, "optimizer": {"type": "adam", "lr": 0.01},
                 "epochs": %d, "batchSize": 16, "seed": %d}""".formatted(dataset, epochs, seed));
    }

    @Test
    @SuppressWarnings("unchecked")
    void uploadTrainDownloadPredictEvaluateAndEnsemble() throws Exception {
        String csv = Files.readString(Path.of("examples/flowers.csv"));
        MvcResult created = uploadCsv(csv, "?label=species&name=flowers");
        assertThat(created.getResponse().getStatus()).isIn(200, 201);
        Map<String, Object> dataset = api.map(created);
        String id = (String) dataset.get("id");
        assertThat(dataset).containsEntry("task", "classification").containsEntry("trainSamples", 150).containsEntry("testSamples", 0)
                .containsEntry("classNames", List.of("large", "medium", "small")).containsEntry("featureShape", List.of(4));
        MvcResult again = uploadCsv(csv, "?label=species&name=flowers");
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(api.map(again)).containsEntry("id", id);

        Map<String, Object> detail = api.map(api.perform(get("/api/v1/datasets/{id}", id)));
        List<Map<String, Object>> features = (List<Map<String, Object>>) detail.get("features");
        assertThat(features).extracting(f -> f.get("name")).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        assertThat((Double) features.get(2).get("mean")).isBetween(3.0, 4.5);

        List<String> jobs = List.of(trainOn(id, 1, 25));
        // Three briefly trained members (different seeds) disagree on some rows: what an ensemble is for.
        List<String> weak = java.util.stream.IntStream.rangeClosed(11, 13).mapToObj(seed -> trainOn(id, seed, 2)).toList();
        jobs.forEach(j -> api.awaitStatus(j, "SUCCEEDED"));
        weak.forEach(j -> api.awaitStatus(j, "SUCCEEDED"));

        MvcResult download = mvc.perform(get("/api/v1/jobs/{id}/model", jobs.get(0))).andReturn();
        download.getAsyncResult();
        MvcResult zipped = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(download)).andReturn();
        assertThat(zipped.getResponse().getContentType()).isEqualTo("application/zip");
        Map<String, byte[]> entries = unzip(zipped.getResponse().getContentAsByteArray());
        assertThat(entries).containsKeys("README.txt", "spec.json", "model.json", "weights.bin");
        Map<String, Object> model = JSON.readValue(entries.get("model.json"), Map.class);
        assertThat(model).containsEntry("classNames", List.of("large", "medium", "small")).containsEntry("features", 4).containsEntry("epoch", 25);
        assertThat((Map<String, Object>) model.get("normalization")).containsEntry("kind", "standard");
        assertThat(entries.get("weights.bin").length).isGreaterThan(4 * 16 * 4);

        Map<String, Object> predicted = api.map(json("/api/v1/jobs/" + jobs.get(0) + "/predictions",
                "{\"instances\": [[5.0, 3.4, 1.5, 0.25], [6.6, 3.0, 5.6, 2.0], [5.9, 2.8, 4.3, 1.3]]}"));
        List<Map<String, Object>> predictions = (List<Map<String, Object>>) predicted.get("predictions");
        assertThat(predictions).extracting(p -> p.get("label")).containsExactly("small", "large", "medium");
        assertThat(predictions).allSatisfy(p -> assertThat(((List<Double>) p.get("probabilities")).stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4)));
        Map<String, Object> fromCsv = api.map(api.perform(post("/api/v1/jobs/{id}/predictions", jobs.get(0)).contentType("text/csv")
                .content("sepal_length,sepal_width,petal_length,petal_width\n6.6,3.0,5.6,2.0\n")));
        assertThat((List<Map<String, Object>>) fromCsv.get("predictions")).singleElement().satisfies(p -> assertThat(p).containsEntry("label", "large"));

        Map<String, Object> evaluation = api.map(json("/api/v1/jobs/" + jobs.get(0) + "/evaluations", "{\"dataset\": \"" + id + "\"}"));
        assertThat(evaluation).containsEntry("split", "train").containsEntry("samples", 150);
        assertThat((Double) evaluation.get("accuracy")).isGreaterThan(0.85);
        List<List<Integer>> confusion = (List<List<Integer>>) evaluation.get("confusionMatrix");
        assertThat(confusion.stream().flatMap(List::stream).mapToInt(Integer::intValue).sum()).isEqualTo(150);

        Map<String, Object> ensemble = api.map(json("/api/v1/ensembles/predictions",
                "{\"jobs\": " + JSON.writeValueAsString(weak) + ", \"dataset\": \"" + id + "\"}"));
        List<Map<String, Object>> members = (List<Map<String, Object>>) ensemble.get("members");
        double meanOfMembers = members.stream().mapToDouble(m -> (Double) m.get("accuracy")).average().orElseThrow();
        assertThat((Double) ensemble.get("accuracy")).isGreaterThanOrEqualTo(meanOfMembers);
        assertThat(ensemble).containsEntry("samples", 150);
        Map<String, Object> single = api.map(json("/api/v1/jobs/" + weak.get(0) + "/evaluations", "{\"dataset\": \"" + id + "\"}"));
        assertThat(members.get(0).get("accuracy")).as("a member scores as it does alone").isEqualTo(single.get("accuracy"));
        Map<String, Object> averaged = api.map(json("/api/v1/ensembles/predictions",
                "{\"jobs\": " + JSON.writeValueAsString(weak) + ", \"instances\": [[6.6, 3.0, 5.6, 2.0]]}"));
        assertThat((List<Map<String, Object>>) averaged.get("predictions")).singleElement()
                .satisfies(p -> assertThat(((List<Double>) p.get("probabilities")).stream().mapToDouble(Double::doubleValue).sum())
                        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTableWithBadCellsIsRejectedNamingRowAndColumnAndNothingIsImported() throws Exception {
        int before = datasets().size();
        MvcResult rejected = uploadCsv("a,b,label\n1,2,x\n3,,y\n5,six,x\n", "?label=label");
        assertThat(rejected.getResponse().getStatus()).isEqualTo(422);
        assertThat(rejected.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) api.map(rejected).get("errors");
        assertThat(errors).extracting(e -> e.get("row"), e -> e.get("column"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "b"), org.assertj.core.groups.Tuple.tuple(4, "b"));
        assertThat((String) errors.get(1).get("detail")).contains("six");
        assertThat(uploadCsv("a,b\n1,2\n", "?label=species").getResponse().getStatus()).isEqualTo(422);
        assertThat(uploadCsv("a,b,c\n1,2\n", "").getResponse().getStatus()).isEqualTo(422);
        assertThat(datasets()).hasSize(before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void multipartUploadsAndRegressionTablesWork() {
        MockMultipartFile file = new MockMultipartFile("file", "houses.csv", "text/csv",
                "rooms,area,price\n3,70,210.5\n4,95,280.0\n2,50,150.25\n5,120,355.0\n".getBytes(StandardCharsets.UTF_8));
        MvcResult result = api.perform(multipart("/api/v1/datasets").file(file).param("label", "price"));
        assertThat(result.getResponse().getStatus()).isIn(200, 201);
        assertThat(api.map(result)).containsEntry("task", "regression").containsEntry("classes", 0).containsEntry("source", "upload:houses.csv");
        String dataset = (String) api.map(result).get("id");
        String job = api.submitOk("{\"dataset\": {\"id\": \"" + dataset + "\", \"validation\": \"none\", \"normalize\": \"minmax\"},"
                + " \"optimizer\": {\"type\": \"adam\", \"lr\": 0.05}, \"epochs\": 5, \"batchSize\": 2, \"seed\": 1}");
        api.awaitStatus(job, "SUCCEEDED");
        Map<String, Object> predicted = api.map(json("/api/v1/jobs/" + job + "/predictions", "{\"instances\": [[3, 70]]}"));
        assertThat(predicted).containsEntry("classNames", List.of());
        assertThat((List<Map<String, Object>>) predicted.get("predictions")).singleElement()
                .satisfies(p -> assertThat(p).containsKey("value").doesNotContainKey("label"));
        Map<String, Object> evaluation = api.map(json("/api/v1/jobs/" + job + "/evaluations", "{}"));
        assertThat(evaluation).containsKeys("meanAbsoluteError", "rootMeanSquaredError").doesNotContainKey("accuracy")
                .containsEntry("samples", 4).containsEntry("split", "train");
    }

    @Test
    @SuppressWarnings("unchecked")
    void generatorsMakeTheSameDatasetFromTheSameSeed() {
        MvcResult first = json("/api/v1/datasets", "{\"generator\": \"spirals\", \"seed\": 4, \"classes\": 2, \"trainSamples\": 200}");
        assertThat(first.getResponse().getStatus()).isIn(200, 201);
        MvcResult second = json("/api/v1/datasets", "{\"generator\": \"spirals\", \"seed\": 4, \"classes\": 2, \"trainSamples\": 200}");
        assertThat(second.getResponse().getStatus()).isEqualTo(200);
        assertThat(api.map(second).get("id")).isEqualTo(api.map(first).get("id"));
        assertThat(api.map(first)).containsEntry("classes", 2).containsEntry("trainSamples", 200).containsEntry("testSamples", 300);
        MvcResult other = json("/api/v1/datasets", "{\"generator\": \"spirals\", \"seed\": 5, \"classes\": 2, \"trainSamples\": 200}");
        assertThat(api.map(other).get("id")).isNotEqualTo(api.map(first).get("id"));

        MvcResult bad = json("/api/v1/datasets", "{\"generator\": \"moons\", \"seed\": 1}");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<Map<String, String>>) api.map(bad).get("errors")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("pointer", "/generator"));
        MvcResult badParam = json("/api/v1/datasets", "{\"generator\": \"blobs\", \"classes\": 1}");
        assertThat((List<Map<String, String>>) api.map(badParam).get("errors")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("pointer", "/classes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void badPredictionInputsAndDatasetsInUseAreRefused() {
        Map<String, Object> blobs = api.map(json("/api/v1/datasets", "{\"generator\": \"blobs\", \"seed\": 11}"));
        String dataset = (String) blobs.get("id");
        String job = api.submitOk("{\"dataset\": {\"id\": \"" + dataset + "\"}, \"epochs\": 400, \"batchSize\": 8, \"seed\": 1}");
        api.await(job, j -> (Integer) j.get("currentEpoch") >= 1, java.time.Duration.ofSeconds(60));
        assertThat(api.perform(delete("/api/v1/datasets/{id}", dataset)).getResponse().getStatus()).isEqualTo(409);
        assertThat(api.perform(delete("/api/v1/datasets/{id}", "fashion-mnist-small")).getResponse().getStatus()).isEqualTo(409);

        MvcResult wrongWidth = json("/api/v1/jobs/" + job + "/predictions", "{\"instances\": [[1.0, 2.0], [1.0, 2.0, 3.0]]}");
        assertThat(wrongWidth.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<Map<String, String>>) api.map(wrongWidth).get("errors")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("pointer", "/instances/1"));
        MvcResult notNumbers = json("/api/v1/jobs/" + job + "/predictions", "{\"instances\": [[1.0, \"two\"]]}");
        assertThat(notNumbers.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.map(notNumbers).get("detail").toString()).contains("/instances/0/1");

        api.cancel(job);
        api.awaitStatus(job, "CANCELLED");
        assertThat(api.perform(delete("/api/v1/datasets/{id}", dataset)).getResponse().getStatus()).isEqualTo(204);
        assertThat(api.perform(get("/api/v1/datasets/{id}", dataset)).getResponse().getStatus()).isEqualTo(404);

        String fresh = api.submitOk(Specs.tiny(1));
        api.cancel(fresh);
        MvcResult noModel = json("/api/v1/jobs/" + fresh + "/predictions", "{\"instances\": [[1.0]]}");
        assertThat(noModel.getResponse().getStatus()).isIn(409);
    }

    @SuppressWarnings("unchecked")
    private List<Object> datasets() {
        return JSON.readValue(Api.body(api.perform(get("/api/v1/datasets"))), List.class);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
