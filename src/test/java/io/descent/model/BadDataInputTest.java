package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Datasets too big for memory, values beyond float32, text that cannot be stored, and ensembles
 * out of bounds get a 4xx problem naming the field; nothing is stored.
 */
@FullStackTest
class BadDataInputTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    long datasetsBefore;
    long jobsBefore;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
        datasetsBefore = count("dataset");
        jobsBefore = count("job");
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(count("dataset")).as("datasets stored").isEqualTo(datasetsBefore);
        assertThat(count("job")).as("jobs stored").isEqualTo(jobsBefore);
    }

    @Test
    void aGeneratorCallOver40GbIsRefusedWith422BeforeAnythingIsGenerated() {
        MvcResult result = generate("{\"generator\": \"synthetic-linear\", \"features\": 10000, \"trainSamples\": 1000000}");

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(api.map(result)).containsEntry("title", "Dataset too large");
        assertThat(error(result)).containsEntry("pointer", "/trainSamples");
        assertThat(error(result).get("detail")).contains("37.3 GB", "1.0 GB", "descent.datasets.max-memory");
    }

    @Test
    void aGeneratorScaleBeyondFloat32IsRefused() {
        MvcResult result = generate("{\"generator\": \"blobs\", \"spread\": 1e300}");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(result)).containsEntry("pointer", "/spread");
        assertThat(error(result).get("detail")).contains("float32");
        assertThat(generate("{\"generator\": \"synthetic-linear\", \"weight\": 1e35}").getResponse().getStatus())
                .as("finite in float32, but 10,000 of them summed would not be").isEqualTo(400);
    }

    @Test
    void tableParametersOnAGeneratorCallAreRefusedRatherThanIgnored() {
        MvcResult result = api.perform(post("/api/v1/datasets").param("task", "nonsense").contentType(MediaType.APPLICATION_JSON)
                .content("{\"generator\": \"blobs\"}"));

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(result)).containsEntry("parameter", "task");
    }

    @Test
    void aGeneratedDatasetsNameMustBePrintable() {
        MvcResult result = generate("{\"generator\": \"blobs\", \"name\": \"blobs\\u0007\"}");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(result)).containsEntry("pointer", "/name");
        assertThat(error(result).get("detail")).contains("U+0007");
    }

    @Test
    void aCellBeyondFloat32IsRefusedNamingItsLineAndColumn() {
        MvcResult result = upload("a,b,label\n1.5,2,x\n1e39,3,y\n", "");

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(tableError(result)).containsEntry("row", 3).containsEntry("column", "a");
        assertThat(tableError(result).get("detail").toString()).contains("float32");
    }

    @Test
    void aRegressionLabelBeyondFloat32IsNotANumberToTrainOn() {
        MvcResult result = upload("a,price\n1,2.5\n2,1e39\n", "?task=regression");

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(tableError(result)).containsEntry("column", "price");
    }

    @Test
    void controlCharactersInColumnNamesLabelsAndParametersAreRefused() {
        MvcResult header = upload("a\u0000z,b,label\n1,2,x\n", "");
        assertThat(header.getResponse().getStatus()).isEqualTo(422);
        assertThat(tableError(header)).containsEntry("row", 1);
        assertThat(tableError(header).get("detail").toString()).contains("U+0000");

        MvcResult label = upload("a,b,label\n1,2,x\u0001y\n", "");
        assertThat(label.getResponse().getStatus()).isEqualTo(422);
        assertThat(tableError(label)).containsEntry("row", 2).containsEntry("column", "label");

        MvcResult labelParameter = api.perform(post("/api/v1/datasets").param("label", "lab\u0000el").contentType("text/csv").content("a,label\n1,x\n"));
        assertThat(labelParameter.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(labelParameter)).containsEntry("parameter", "label");

        MvcResult nameParameter = api.perform(post("/api/v1/datasets").param("name", "\u001bflowers").contentType("text/csv").content("a,label\n1,x\n"));
        assertThat(nameParameter.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(nameParameter)).containsEntry("parameter", "name");

        MockMultipartFile file = new MockMultipartFile("file", "evil\u0000.csv", "text/csv", "a,label\n1,x\n".getBytes(StandardCharsets.UTF_8));
        MvcResult fileName = api.perform(multipart("/api/v1/datasets").file(file));
        assertThat(fileName.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(fileName)).containsEntry("parameter", "file");
    }

    @Test
    void aLabelColumnWithMoreThanAThousandDistinctTextValuesIsNotAClassification() {
        String rows = IntStream.range(0, 1001).mapToObj(i -> i + ",id-" + i).collect(Collectors.joining("\n"));
        MvcResult result = upload("a,label\n" + rows + "\n", "");

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(tableError(result)).containsEntry("row", 1002).containsEntry("column", "label");
        assertThat(tableError(result).get("detail").toString()).contains("more than 1000 distinct values");
    }

    @Test
    void classLabelsTooLongToStoreTogetherAreRefused() {
        String rows = IntStream.range(0, 600).mapToObj(i -> i + "," + "x".repeat(190) + i).collect(Collectors.joining("\n"));
        MvcResult result = upload("a,label\n" + rows + "\n", "");

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(tableError(result).get("detail").toString()).contains("at most 100000 can be stored");
    }

    @Test
    void aValidationFractionOfAOneRowTableIsRefusedAtSubmission() {
        String dataset = (String) api.map(upload("a,b,label\n1,2,3.5\n", "")).get("id");
        datasetsBefore = count("dataset");

        MvcResult result = api.submit("{\"dataset\": {\"id\": \"" + dataset + "\"}, \"epochs\": 1}");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(result)).containsEntry("pointer", "/dataset/validation");
        assertThat(error(result).get("detail")).contains("1 training row", "\"none\"");
        assertThat(api.submit("{\"dataset\": {\"id\": \"" + dataset + "\", \"validation\": 0.5}}").getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void nullEnsembleMembersAndTooManyOfThemAreNamed() {
        MvcResult nulls = json("/api/v1/ensembles/predictions", "{\"jobs\": [\"" + UUID.randomUUID() + "\", null], \"instances\": [[1.0]]}");
        assertThat(nulls.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(nulls)).containsEntry("pointer", "/jobs/1");

        String many = IntStream.range(0, 33).mapToObj(i -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(","));
        MvcResult tooMany = json("/api/v1/ensembles/predictions", "{\"jobs\": [" + many + "], \"instances\": [[1.0]]}");
        assertThat(tooMany.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(tooMany)).containsEntry("pointer", "/jobs");
        assertThat(error(tooMany).get("detail")).contains("descent.limits.max-ensemble-members");
    }

    @Test
    void studyMembersOfAnUnknownStudyAreNotFound() {
        MvcResult result = json("/api/v1/ensembles/evaluations", "{\"members\": [{\"study\": \"" + UUID.randomUUID() + "\", \"top\": 3}]}");
        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(api.map(result).get("detail").toString()).contains("There is no study").contains("GET /api/v1/studies");
    }

    @Test
    void predictionsBeyondFloat32AreRefusedAndAOneRowTableCanBeScored() {
        String table = (String) api.map(upload("a,b,price\n1,2,3.5\n2,1,3.25\n3,3,6.5\n0,1,1.75\n", "")).get("id");
        String oneRow = (String) api.map(upload("a,b,price\n1,1,2.5\n", "")).get("id");
        String job = api.submitOk("{\"dataset\": {\"id\": \"" + table + "\", \"validation\": \"none\"}, \"epochs\": 1, \"seed\": 1}");
        api.awaitStatus(job, "SUCCEEDED");
        jobsBefore = count("job");
        datasetsBefore = count("dataset");

        MvcResult beyond = json("/api/v1/jobs/" + job + "/predictions", "{\"instances\": [[1e39, 1.0]]}");
        assertThat(beyond.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(beyond)).containsEntry("pointer", "/instances/0/0");
        assertThat(error(beyond).get("detail")).contains("float32");

        MvcResult scored = json("/api/v1/jobs/" + job + "/evaluations", "{\"dataset\": \"" + oneRow + "\"}");
        assertThat(scored.getResponse().getStatus()).isEqualTo(200);
        assertThat(api.map(scored)).containsEntry("samples", 1).containsEntry("split", "train");
    }

    private MvcResult generate(String body) {
        return json("/api/v1/datasets", body);
    }

    private MvcResult json(String path, String body) {
        return api.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private MvcResult upload(String csv, String query) {
        return api.perform(post("/api/v1/datasets" + query).contentType("text/csv").content(csv));
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> error(MvcResult result) {
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return ((List<Map<String, String>>) api.map(result).get("errors")).get(0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tableError(MvcResult result) {
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return ((List<Map<String, Object>>) api.map(result).get("errors")).get(0);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
