package io.descent.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** POST /api/v1/preflight on the shipped Fashion-MNIST subset; every exchange is checked against openapi.yaml. */
@FullStackTest
class PreflightApiTest {

    /** The canonical job (training-reference.md), with the optimizer, init and dataset left to fill in. */
    private static final String CANONICAL = """
            {"dataset": {"id": "%s"},
             "model": {"layers": [{"units": 256, "activation": "relu", "dropout": 0.2},
                                  {"units": 256, "activation": "relu", "dropout": 0.5}], "init": %s},
             "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": %s, "weightDecay": 0.0005},
             "epochs": 10, "batchSize": 256, "seed": 42}""";

    @Autowired
    MockMvc mvc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCanonicalMlpStartsAtChanceAndFitsTwentySamples() {
        MvcResult result = preflight(CANONICAL.formatted("fashion-mnist-small", "\"default\"", "0.5"), "");

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        Map<String, Object> report = api.map(result);
        Map<String, Object> initial = (Map<String, Object>) report.get("initialLoss");
        Map<String, Object> overfit = (Map<String, Object>) report.get("overfitTinySubset");
        assertThat(report).containsEntry("pass", true).containsEntry("seed", 42);
        assertThat(initial).containsEntry("verdict", "PASS").containsEntry("chance", "ln 10").containsEntry("samples", 256);
        assertThat((Double) initial.get("measured")).isBetween(Math.log(10) - 0.2, Math.log(10) + 0.2);
        assertThat(overfit).containsEntry("verdict", "PASS").containsEntry("subsetSize", 20).containsEntry("finalAccuracy", 1.0);
        assertThat((Integer) overfit.get("stepsTaken")).isBetween(1, 200);
        assertThat((Double) overfit.get("finalLoss")).isLessThan((Double) overfit.get("startLoss"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLearningRateOfOneTenMillionthCannotFitTwentySamplesIn200Steps() {
        Map<String, Object> report = api.map(preflight(CANONICAL.formatted("fashion-mnist-small", "\"default\"", "1e-7"), ""));

        Map<String, Object> overfit = (Map<String, Object>) report.get("overfitTinySubset");
        assertThat(report).containsEntry("pass", false);
        assertThat((Map<String, Object>) report.get("initialLoss")).containsEntry("verdict", "PASS");
        assertThat(overfit).containsEntry("verdict", "FAIL").containsEntry("stepsTaken", 200).containsEntry("maxSteps", 200);
        assertThat((Double) overfit.get("finalAccuracy")).isLessThan(1.0);
        assertThat((String) overfit.get("advice")).contains("barely moved", "too low");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHugeInitialisationStartsFarAboveLnTen() {
        Map<String, Object> report = api.map(preflight(CANONICAL.formatted("fashion-mnist-small", "{\"type\": \"normal\", \"std\": 1.0}", "0.5"), ""));

        Map<String, Object> initial = (Map<String, Object>) report.get("initialLoss");
        assertThat(report).containsEntry("pass", false);
        assertThat(initial).containsEntry("verdict", "FAIL");
        assertThat(initial.get("measured") == null || (Double) initial.get("measured") > 1.5 * Math.log(10)).isTrue();
        assertThat((String) initial.get("advice")).contains("model.init");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSubsetSizeAndStepsComeFromTheQuery() {
        Map<String, Object> report = api.map(preflight(CANONICAL.formatted("fashion-mnist-small", "\"default\"", "1e-7"), "?subsetSize=5&maxSteps=3"));

        assertThat((Map<String, Object>) report.get("overfitTinySubset")).containsEntry("subsetSize", 5).containsEntry("maxSteps", 3)
                .containsEntry("stepsTaken", 3);
    }

    @Test
    void aRegressionLossHasNoChanceLevel() {
        MvcResult result = preflight("""
                {"dataset": {"id": "synthetic-linear"}, "model": {"layers": [], "init": {"type": "normal", "std": 1.0}},
                 "loss": {"type": "mse"}, "optimizer": {"type": "sgd", "lr": 0.003}, "batchSize": 5, "seed": 1}""", "");

        @SuppressWarnings("unchecked")
        Map<String, Object> initial = (Map<String, Object>) api.map(result).get("initialLoss");
        assertThat(initial).containsEntry("verdict", "NOT_APPLICABLE").containsEntry("expected", null);
        assertThat((String) initial.get("reason")).contains("real-valued target");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInvalidSpecIsA400ListingEveryProblemAsForJobs() {
        String spec = """
                {"dataset": {"id": "nope"}, "optimizer": {"type": "sgd", "lr": 0}, "batchSize": 0}""";
        MvcResult result = preflight(spec, "");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) api.map(result).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder("/dataset/id", "/optimizer/lr", "/batchSize");
        assertThat(api.map(api.submit(spec)).get("errors")).isEqualTo(errors);
    }

    @Test
    void aSubsetBeyondTheBoundIsA400NamingTheParameter() {
        MvcResult result = preflight(CANONICAL.formatted("fashion-mnist-small", "\"default\"", "0.5"), "?subsetSize=1001");

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(Api.body(result)).contains("\"parameter\":\"subsetSize\"");
    }

    private MvcResult preflight(String spec, String query) {
        return api.perform(post("/api/v1/preflight" + query).contentType(MediaType.APPLICATION_JSON).content(spec));
    }
}
