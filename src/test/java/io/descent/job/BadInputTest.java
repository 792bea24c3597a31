package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Every kind of bad input gets a 4xx problem naming the field, and leaves nothing behind. */
@FullStackTest
class BadInputTest {

    private static final String VALID = """
            {"dataset": {"id": "fashion-mnist-small"}, "model": {"layers": [{"units": 8, "dropout": %s}]},
             "optimizer": {"type": "%s", "lr": %s}, "epochs": %s, "batchSize": %s}""";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    long jobsBefore;
    long queueBefore;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
        jobsBefore = count("job");
        queueBefore = count("scheduled_tasks");
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(count("job")).as("jobs stored").isEqualTo(jobsBefore);
        assertThat(count("scheduled_tasks")).as("queue entries").isEqualTo(queueBefore);
    }

    static String spec(String dropout, String optimizer, String lr, String epochs, String batchSize) {
        return VALID.formatted(dropout, optimizer, lr, epochs, batchSize);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("unknown optimizer", spec("0", "adamax", "0.1", "1", "32"), "/optimizer/type", "sgd, adagrad, rmsprop, adam, adamw, adadelta"),
                Arguments.of("dropout of 1", spec("1.0", "sgd", "0.1", "1", "32"), "/model/layers/0/dropout", "[0, 1)"),
                Arguments.of("negative dropout", spec("-0.1", "sgd", "0.1", "1", "32"), "/model/layers/0/dropout", "[0, 1)"),
                Arguments.of("zero learning rate", spec("0", "sgd", "0", "1", "32"), "/optimizer/lr", "> 0"),
                Arguments.of("negative learning rate", spec("0", "adam", "-0.01", "1", "32"), "/optimizer/lr", "> 0"),
                Arguments.of("zero epochs", spec("0", "sgd", "0.1", "0", "32"), "/epochs", "from 1 to 1000"),
                Arguments.of("epochs over the limit", spec("0", "sgd", "0.1", "1001", "32"), "/epochs", "max-epochs"),
                Arguments.of("zero batch size", spec("0", "sgd", "0.1", "1", "0"), "/batchSize", "\"full\""),
                Arguments.of("negative batch size", spec("0", "sgd", "0.1", "1", "-5"), "/batchSize", "\"full\""),
                Arguments.of("batch size word", spec("0", "sgd", "0.1", "1", "\"half\""), "/batchSize", "\"full\""),
                Arguments.of("unknown dataset", "{\"dataset\": {\"id\": \"imagenet\"}}", "/dataset/id", "fashion-mnist-small"),
                Arguments.of("missing dataset", "{\"epochs\": 1}", "/dataset", "known ids"),
                Arguments.of("layer over the size limit", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"model\": {\"layers\": [{\"units\": 100000}]}}",
                        "/model/layers/0/units", "max-units"),
                Arguments.of("unknown activation", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"model\": {\"layers\": [{\"units\": 8, \"activation\": \"swishy\"}]}}",
                        "/model/layers/0/activation", "relu, leaky_relu, elu, selu, gelu, sigmoid, tanh, softplus, silu, swish, mish"),
                Arguments.of("bad validation", "{\"dataset\": {\"id\": \"fashion-mnist-small\", \"validation\": 1.5}}", "/dataset/validation", "(0, 1)"),
                Arguments.of("misspelt field", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"optimiser\": {\"type\": \"sgd\"}}", "/optimiser", "optimizer"),
                Arguments.of("parameter of another optimizer", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"optimizer\": {\"type\": \"adam\", \"momentum\": 0.9}}",
                        "/optimizer/momentum", "betas"),
                Arguments.of("wrong JSON type", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"epochs\": \"ten\"}", "/epochs", "integer"),
                Arguments.of("fractional units", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"model\": {\"layers\": [{\"units\": 3.5}]}}",
                        "/model/layers/0/units", "integer"),
                Arguments.of("a blank string as a number", spec("\"   \"", "sgd", "0.1", "1", "32"), "/model/layers/0/dropout", "number"),
                Arguments.of("number as a string", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"epochs\": \"5\"}", "/epochs", "integer"),
                Arguments.of("a number as the name", "{\"name\": 42, \"dataset\": {\"id\": \"fashion-mnist-small\"}}", "/name", "string"),
                Arguments.of("true as the device", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"device\": true}", "/device", "string"),
                Arguments.of("malformed JSON", "{\"dataset\": {", "/dataset", "Malformed JSON at line 1"),
                Arguments.of("empty body", "", "", "body"),
                Arguments.of("unknown device", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"device\": \"tpu\"}", "/device", "gpu:N"),
                Arguments.of("NUL in the name", "{\"name\": \"a\\u0000b\", \"dataset\": {\"id\": \"fashion-mnist-small\"}}", "/name", "U+0000"),
                Arguments.of("unpaired surrogate in the name", "{\"name\": \"a\\ud800\", \"dataset\": {\"id\": \"fashion-mnist-small\"}}", "/name",
                        "unpaired surrogate"),
                Arguments.of("20,000 milestones", multistep(java.util.stream.IntStream.rangeClosed(1, 20_000), "step", 10), "/schedule/milestones",
                        "at most 1000 elements"),
                Arguments.of("more milestones than epochs", multistep(java.util.stream.IntStream.of(1, 2, 3), "epoch", 2), "/schedule/milestones",
                        "one milestone per epoch (2)"),
                Arguments.of("a milestone past max-epochs", multistep(java.util.stream.IntStream.of(5, 5000), "epoch", 10), "/schedule/milestones",
                        "max-epochs"),
                Arguments.of("an integer beyond 64 bits", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"schedule\": {\"type\": \"step\", \"stepSize\": 18446744073709551621}}",
                        "/schedule/stepSize", "32-bit integer"),
                Arguments.of("a learning rate beyond float32", spec("0", "sgd", "1e39", "1", "32"), "/optimizer/lr", "float32"),
                Arguments.of("an EMA decay of 1", averaging("{\"type\": \"ema\", \"decay\": 1}", ""), "/weightAveraging/decay", "in (0, 1)"),
                Arguments.of("an EMA decay of 0", averaging("{\"type\": \"ema\", \"decay\": 0}", ""), "/weightAveraging/decay", "in (0, 1)"),
                Arguments.of("an unknown averaging", averaging("{\"type\": \"polyak\"}", ""), "/weightAveraging/type", "ema, swa"),
                Arguments.of("SWA without a start", averaging("{\"type\": \"swa\"}", ""), "/weightAveraging/startEpoch", "required"),
                Arguments.of("SWA from epoch 0", averaging("{\"type\": \"swa\", \"startEpoch\": 0}", ""), "/weightAveraging/startEpoch", ">= 1"),
                Arguments.of("SWA after the last epoch", averaging("{\"type\": \"swa\", \"startEpoch\": 6}", ""), "/weightAveraging/startEpoch",
                        "at most the job's epochs (5)"),
                Arguments.of("averaging with restoreBest", averaging("{\"type\": \"ema\"}", ", \"regularization\": {\"earlyStopping\": {\"restoreBest\": true}}"),
                        "/regularization/earlyStopping/restoreBest", "set \"restoreBest\" to false"),
                Arguments.of("maxNorm beyond float32", "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"model\": {\"layers\": [{\"units\": 8, \"maxNorm\": 1e39}]}}",
                        "/model/layers/0/maxNorm", "float32"));
    }

    static String averaging(String averaging, String more) {
        return "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"epochs\": 5, \"weightAveraging\": " + averaging + more + "}";
    }

    static String multistep(java.util.stream.IntStream milestones, String interval, int epochs) {
        return "{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"schedule\": {\"type\": \"multistep\", \"interval\": \"" + interval
                + "\", \"milestones\": [" + milestones.mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + "]}, \"epochs\": "
                + epochs + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    @SuppressWarnings("unchecked")
    void isRejectedWithAPointerToTheField(String name, String body, String pointer, String hint) {
        MvcResult result = api.submit(body);

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        List<Map<String, String>> errors = (List<Map<String, String>>) api.map(result).get("errors");
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.get("pointer")).isEqualTo(pointer);
            assertThat(e.get("detail")).contains(hint);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsEveryViolationAtOnce() {
        MvcResult result = api.submit(spec("2", "rmsprop2", "0.1", "-1", "0").replace("\"fashion-mnist-small\"", "\"nope\""));
        List<Map<String, String>> errors = (List<Map<String, String>>) api.map(result).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder(
                "/dataset/id", "/model/layers/0/dropout", "/optimizer/type", "/epochs", "/batchSize");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobThatWouldNotFitInMemoryIsRefusedWith422NamingTheEstimateAndTheLimit() {
        MvcResult result = api.submit("{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"model\": {\"layers\": ["
                + String.join(", ", java.util.Collections.nCopies(16, "{\"units\": 8192}")) + "]}, \"optimizer\": {\"type\": \"adam\"}}");

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(api.map(result)).containsEntry("title", "Job too large");
        assertThat((List<Map<String, String>>) api.map(result).get("errors")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("pointer", "/model/layers");
            assertThat(e.get("detail")).contains("about 19.0 GB", "4.0 GB", "descent.limits.max-job-memory");
        });
    }

    @Test
    void aTooLargeJobWithOtherMistakesGetsTheOrdinaryProblemsFirst() {
        MvcResult result = api.submit("{\"dataset\": {\"id\": \"fashion-mnist-small\"}, \"model\": {\"layers\": ["
                + String.join(", ", java.util.Collections.nCopies(16, "{\"units\": 8192}")) + "]}, \"epochs\": 0}");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(Api.body(result)).contains("/epochs").doesNotContain("max-job-memory");
    }

    @Test
    void anotherContentTypeIsUnsupported() throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/jobs").contentType(MediaType.TEXT_PLAIN).content("epochs=3")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(415);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void badPathAndQueryParametersAreNamed() {
        MvcResult badId = api.perform(get("/api/v1/jobs/{id}", "not-a-uuid"));
        assertThat(badId.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<Map<String, String>>) api.map(badId).get("errors")).singleElement().satisfies(e -> assertThat(e).containsEntry("parameter", "id"));

        MvcResult badStatus = api.perform(get("/api/v1/jobs").param("status", "DONE"));
        assertThat(badStatus.getResponse().getStatus()).isEqualTo(400);
        assertThat(Api.body(badStatus)).contains("SUCCEEDED");

        MvcResult badSize = api.perform(get("/api/v1/jobs").param("size", "1000"));
        assertThat(badSize.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<Map<String, String>>) api.map(badSize).get("errors")).singleElement().satisfies(e -> assertThat(e).containsEntry("parameter", "size"));

        MvcResult pastTheLastOffset = api.perform(get("/api/v1/jobs?page=21474837&size=100"));
        assertThat(pastTheLastOffset.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<Map<String, String>>) api.map(pastTheLastOffset).get("errors")).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("parameter", "page");
            assertThat(e.get("detail")).contains("at most 21474836");
        });
        assertThat(api.perform(get("/api/v1/jobs?page=21474836&size=100")).getResponse().getStatus()).isEqualTo(200);

        MvcResult controlInKey = api.perform(post("/api/v1/jobs").header("Idempotency-Key", "key\u0000").contentType(MediaType.APPLICATION_JSON)
                .content("{\"dataset\": {\"id\": \"fashion-mnist-small\"}}"));
        assertThat(controlInKey.getResponse().getStatus()).isEqualTo(400);
        assertThat((List<Map<String, String>>) api.map(controlInKey).get("errors")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("parameter", "Idempotency-Key"));

        MvcResult unknown = api.perform(get("/api/v1/jobs/{id}", UUID.randomUUID()));
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(unknown.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
