package io.descent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * What {@code POST /api/v1/studies} refuses, over HTTP: each problem at its JSON pointer with a
 * sentence that says how to fix it, every problem of a request in one answer, and nothing stored.
 */
@FullStackTest
@SuppressWarnings("unchecked")
class StudyPlannerTest {

    private static final String BASE = """
            {"name": "small", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"type": "dense", "units": 32, "activation": "relu", "dropout": 0.1}]},
             "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.5},
             "epochs": 1, "batchSize": 128, "seed": 7}""";
    private static final String REGRESSION = """
            {"dataset": {"id": "synthetic-linear"}, "model": {"layers": []}, "loss": {"type": "mse"},
             "optimizer": {"type": "sgd", "lr": 0.003}, "epochs": 1, "batchSize": 5, "seed": 1}""";
    private static final String LR = "\"space\": {\"/optimizer/lr\": {\"type\": \"loguniform\", \"low\": 0.01, \"high\": 1}}";

    private final Api api;

    StudyPlannerTest(@Autowired MockMvc mvc) {
        this.api = new Api(mvc);
    }

    @Test
    void aStudyWithoutBaseOrSpaceIsToldWhatEachIs() {
        Map<String, String> p = problems("{\"trials\": 2}");
        assertThat(p).containsOnlyKeys("/base", "/space");
        assertThat(p.get("/base")).contains("complete job spec").contains("POST /api/v1/jobs");
        assertThat(p.get("/space")).contains("JSON pointer").contains("\"/optimizer/lr\"");
        assertThat(problems("{\"base\": " + BASE + ", \"space\": {}, \"trials\": 2}")).containsOnlyKeys("/space");
    }

    @Test
    void theBaseIsCheckedLikeAJobWithItsProblemsUnderBase() {
        Map<String, String> p = problems("{\"base\": " + BASE.replace("\"lr\": 0.1", "\"lr\": -1").replace("\"batchSize\": 128", "\"batchSize\": 0")
                + ", " + LR + ", \"trials\": 2}");
        assertThat(p).containsOnlyKeys("/base/optimizer/lr", "/base/batchSize");
    }

    @Test
    void eachDistributionProblemPointsIntoItsDimension() {
        Map<String, String> p = problems("""
                {"base": %s, "trials": 2, "space": {
                  "/optimizer/lr": {"type": "normal", "mean": 0.1},
                  "/optimizer/momentum": {"type": "loguniform", "low": 0, "high": 0.9},
                  "/model/layers/0/dropout": {"type": "uniform", "low": 0.3, "high": 0.3},
                  "/model/layers/0/units": {"type": "int", "low": 16.5, "high": 64},
                  "/batchSize": {"type": "choice", "values": []}}}""".formatted(BASE));
        assertThat(p).containsOnlyKeys("/space/~1optimizer~1lr/type", "/space/~1optimizer~1momentum/low",
                "/space/~1model~1layers~10~1dropout/high", "/space/~1model~1layers~10~1units/low", "/space/~1batchSize/values");
        assertThat(p.get("/space/~1optimizer~1lr/type")).contains("\"loguniform\", \"uniform\", \"int\" or \"choice\"").contains("normal");
        assertThat(p.get("/space/~1optimizer~1momentum/low")).contains("above 0").contains("Use \"uniform\"");
        assertThat(p.get("/space/~1model~1layers~10~1dropout/high")).contains("above \"low\"");
        assertThat(p.get("/space/~1model~1layers~10~1units/low")).contains("whole number").contains("16.5");
        assertThat(p.get("/space/~1batchSize/values")).contains("1 to 100 \"values\"");
    }

    @Test
    void aPointerMustBeAPointerIntoTheSpecAndNeitherEpochsNorName() {
        Map<String, String> p = problems("""
                {"base": %s, "trials": 2, "space": {
                  "optimizer/lr": {"type": "loguniform", "low": 0.01, "high": 1},
                  "/epochs": {"type": "int", "low": 1, "high": 5},
                  "/name": {"type": "choice", "values": ["a", "b"]}}}""".formatted(BASE));
        assertThat(p).containsOnlyKeys("/space/optimizer~1lr", "/space/~1epochs", "/space/~1name");
        assertThat(p.get("/space/optimizer~1lr")).contains("not a JSON pointer").contains("\"/optimizer/lr\"");
        assertThat(p.get("/space/~1epochs")).contains("stage").contains("cannot be sampled");
        assertThat(p.get("/space/~1name")).contains("cannot be sampled");
    }

    @Test
    void aPointerToNothingInTheCanonicalBaseListsTheFieldsThere() {
        Map<String, String> p = problems("""
                {"base": %s, "trials": 2, "space": {"/optimizer/learningRate": {"type": "loguniform", "low": 0.01, "high": 1}}}"""
                .formatted(BASE));
        assertThat(p).containsOnlyKeys("/space/~1optimizer~1learningRate");
        // The canonical base has the optimizer's defaults filled in, so fields the request never wrote are listed too.
        assertThat(p.get("/space/~1optimizer~1learningRate")).contains("nothing at \"/optimizer/learningRate\"")
                .contains("lr").contains("momentum").contains("nesterov");
    }

    @Test
    void stagesAreCheckedFieldByField() {
        Map<String, String> p = problems("""
                {"base": %s, %s, "trials": 4, "stages": [{"trials": 2, "keepTop": 3}, {"trials": 2, "epochs": 2, "patience": 1}],
                 "repeat": {"seeds": 1}}""".formatted(BASE, LR));
        assertThat(p).containsOnlyKeys("/trials", "/stages/0/keepTop", "/stages/1/patience", "/repeat/seeds");
        assertThat(p.get("/trials")).contains("drop \"trials\"");
        assertThat(p.get("/stages/0/keepTop")).contains("from 1 to 2").contains("got 3");
        assertThat(p.get("/stages/1/patience")).contains("Unknown field \"patience\"").contains("epochs, keepTop, trials");
        assertThat(p.get("/repeat/seeds")).contains("from 2 to 100").contains("got 1");
    }

    @Test
    void theObjectiveMustBeMeasurableOnTheBase() {
        Map<String, String> noValidation = problems("""
                {"base": %s, %s, "trials": 2, "objective": {"metric": "validation_loss"}}"""
                .formatted(BASE.replace("\"validation\": 0.2", "\"validation\": \"none\""), LR));
        assertThat(noValidation).containsOnlyKeys("/objective/metric");
        assertThat(noValidation.get("/objective/metric")).contains("\"validation\": \"none\"").contains("train_");

        Map<String, String> regression = problems("""
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": 0.001, "high": 0.01}}, "trials": 2,
                 "objective": {"metric": "validation_accuracy"}}""".formatted(REGRESSION));
        assertThat(regression).containsOnlyKeys("/objective/metric");
        assertThat(regression.get("/objective/metric")).contains("regression").contains("validation_loss");
    }

    @Test
    void unknownFieldsOfTheObjectiveAndPrunerArePointedAt() {
        Map<String, String> p = problems("""
                {"base": %s, %s, "trials": 2, "objective": {"metric": "validation_accuracy", "direction": "max"},
                 "pruner": {"type": "median", "patience": 2}}""".formatted(BASE, LR));
        assertThat(p).containsOnlyKeys("/objective/direction", "/pruner/patience");
        assertThat(p.get("/objective/direction")).contains("epoch, metric, mode");
        assertThat(p.get("/pruner/patience")).contains("minTrials, type, warmupEpochs");
    }

    @Test
    void everyProblemOfARequestComesInOneAnswerAndNothingIsStored() {
        long before = ((Number) api.map(api.perform(get("/api/v1/studies"))).get("totalItems")).longValue();
        MvcResult result = create("""
                {"base": %s, "space": {"/optimizer/lr": {"type": "loguniform", "low": -1, "high": 1}},
                 "strategy": "bayes", "trials": 0, "pruner": {"type": "hyperband"}, "maxConcurrentTrials": 0,
                 "preflight": "maybe", "objective": {"mode": "up"}}""".formatted(BASE.replace("\"batchSize\": 128", "\"batchSize\": -1")));
        Map<String, String> p = problems(result);
        assertThat(p).containsOnlyKeys("/base/batchSize", "/space/~1optimizer~1lr/low", "/strategy", "/trials", "/pruner/type",
                "/maxConcurrentTrials", "/preflight", "/objective/mode");
        assertThat(api.map(result).get("detail")).isEqualTo("8 fields need fixing; see errors.");
        assertThat(((Number) api.map(api.perform(get("/api/v1/studies"))).get("totalItems")).longValue()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotAStudyIsUnreadableWithThePointerWhereItBroke() {
        MvcResult malformed = create("{\"base\": " + BASE + ", \"trials\": ");
        assertThat(malformed.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.map(malformed).get("title")).isEqualTo("Unreadable request body");
        assertThat(api.map(malformed).get("detail").toString()).contains("Malformed JSON");

        MvcResult wrongType = create("{\"base\": " + BASE + ", " + LR + ", \"trials\": \"two\"}");
        assertThat(wrongType.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.map(wrongType).get("title")).isEqualTo("Unreadable request body");
        assertThat(errors(wrongType)).extracting(e -> e.get("pointer")).containsExactly("/trials");

        MvcResult array = create("[]");
        assertThat(array.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.map(array).get("title")).isEqualTo("Unreadable request body");

        MvcResult unknown = create("{\"base\": " + BASE + ", " + LR + ", \"trials\": 2, \"budget\": 10}");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
        assertThat(api.map(unknown).get("title")).isEqualTo("Unreadable request body");
        assertThat(errors(unknown)).extracting(e -> e.get("pointer")).containsExactly("/budget");
        assertThat(errors(unknown).get(0).get("detail").toString()).contains("Unknown field \"budget\"").contains("space");
    }

    private MvcResult create(String body) {
        return api.perform(post("/api/v1/studies").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private List<Map<String, Object>> errors(MvcResult result) {
        return (List<Map<String, Object>>) api.map(result).get("errors");
    }

    /** The 400's problems by pointer; fails unless the study was refused as invalid. */
    private Map<String, String> problems(String body) {
        return problems(create(body));
    }

    private Map<String, String> problems(MvcResult result) {
        assertThat(result.getResponse().getStatus()).as(Api.body(result)).isEqualTo(400);
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(api.map(result).get("title")).isEqualTo("Invalid study");
        Map<String, String> byPointer = new LinkedHashMap<>();
        for (Map<String, Object> e : errors(result)) {
            byPointer.merge((String) e.get("pointer"), (String) e.get("detail"), (a, b) -> a + " | " + b);
        }
        return byPointer;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealValuedRangeOnAWholeNumberFieldIsRefusedWithTheFix() {
        MvcResult result = api.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/studies")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("""
                {"base": {"dataset": {"id": "fashion-mnist-small"}, "model": {"layers": [{"units": 32}]}, "epochs": 1},
                 "space": {"/model/layers/0/units": {"type": "uniform", "low": 16, "high": 64}}, "trials": 2}"""));
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) api.map(result).get("errors");
        // The ends as JSON reals, and a value between them, which is not a whole number at all.
        assertThat(errors).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder("/space/~1model~1layers~10~1units/low",
                "/space/~1model~1layers~10~1units/high", "/space/~1model~1layers~10~1units");
        assertThat(errors).filteredOn(e -> e.get("pointer").equals("/space/~1model~1layers~10~1units")).singleElement()
                .satisfies(e -> assertThat((String) e.get("detail")).contains("= 40.00000000000001").contains("{\"type\": \"int\"}"));
    }
}
