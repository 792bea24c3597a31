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

/** Datasets too big for memory get a 4xx problem naming the field; nothing is stored. */
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
