package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Every optimizer and every loss trains a tiny job over HTTP; the rest of the catalogue is accepted and used. */
@FullStackTest
class CatalogOverHttpTest {

    @Autowired
    MockMvc mvc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
    }

    private static String job(String optimizer, String loss, String extra) {
        return """
                {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                 "model": {"layers": [{"units": 32, "activation": "relu"}]},
                 "optimizer": %s, "loss": %s, "epochs": 3, "batchSize": 64, "seed": 3 %s}
                """.formatted(optimizer, loss, extra);
    }

    private void trainAndSeeTheLossFall(Map<String, String> jobs) {
        Map<String, String> ids = new LinkedHashMap<>();
        jobs.forEach((name, spec) -> ids.put(name, api.submitOk(spec)));
        List<String> failures = new ArrayList<>();
        ids.forEach((name, id) -> {
            Map<String, Object> done = api.await(id, j -> ((String) j.get("status")).matches("SUCCEEDED|FAILED|CANCELLED"),
                    java.time.Duration.ofSeconds(120));
            if (!"SUCCEEDED".equals(done.get("status"))) {
                failures.add(name + " ended " + done.get("status") + ": " + done.get("error"));
                return;
            }
            List<Map<String, Object>> rows = api.metrics(id);
            double first = (Double) rows.get(0).get("trainLoss");
            double last = (Double) rows.get(2).get("trainLoss");
            if (!(last < first)) {
                failures.add(name + ": train loss went from " + first + " to " + last);
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    void everyOptimizerTrainsATinyJob() {
        String loss = "{\"type\": \"cross_entropy\"}";
        trainAndSeeTheLossFall(Map.of(
                "sgd", job("{\"type\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.9, \"nesterov\": true}", loss, ""),
                "adagrad", job("{\"type\": \"adagrad\", \"lr\": 0.05}", loss, ""),
                "rmsprop", job("{\"type\": \"rmsprop\", \"lr\": 0.001, \"centered\": true}", loss, ""),
                "adam", job("{\"type\": \"adam\", \"lr\": 0.001, \"amsgrad\": true}", loss, ""),
                "adamw", job("{\"type\": \"adamw\", \"lr\": 0.001}", loss, ""),
                "adadelta", job("{\"type\": \"adadelta\", \"lr\": 1.0}", loss, "")));
    }

    @Test
    void everyLossTrainsATinyJob() {
        String adam = "{\"type\": \"adam\", \"lr\": 0.002}";
        Map<String, String> jobs = new LinkedHashMap<>();
        for (String loss : List.of("cross_entropy", "nll", "mse", "l1", "huber", "bce", "bce_with_logits", "soft_margin",
                "multilabel_soft_margin", "hinge")) {
            jobs.put(loss, job(adam, "{\"type\": \"" + loss + "\"}", ""));
        }
        jobs.put("mse on regression", """
                {"dataset": {"id": "synthetic-linear", "validation": "test"}, "optimizer": {"type": "sgd", "lr": 0.003},
                 "loss": {"type": "huber"}, "epochs": 3, "batchSize": 5, "seed": 1}""");
        trainAndSeeTheLossFall(jobs);
    }

    @Test
    @SuppressWarnings("unchecked")
    void acceptsTheWholeCatalogueInOneSpecAndEchoesEveryDefault() {
        String id = api.submitOk("""
                {"dataset": {"id": "fashion-mnist-small", "validation": 0.1},
                 "model": {"init": {"type": "kaiming_uniform"}, "layers": [
                    {"units": 32, "activation": {"type": "elu", "alpha": 0.5}, "dropout": 0.1, "maxNorm": 3.0},
                    {"units": 16, "activation": "mish"}]},
                 "loss": {"type": "cross_entropy", "labelSmoothing": 0.1},
                 "optimizer": {"type": "rmsprop", "lr": 0.001, "momentum": 0.5},
                 "schedule": {"type": "cosine", "tMax": 3, "interval": "step", "warmup": {"steps": 10}},
                 "regularization": {"l2": 0.0001, "l1": 0.00001, "gradientClip": {"norm": 5.0},
                                    "earlyStopping": {"patience": 10}},
                 "epochs": 3, "batchSize": 32, "seed": 11}
                """);
        Map<String, Object> job = api.awaitStatus(id, "SUCCEEDED");
        Map<String, Object> spec = (Map<String, Object>) job.get("spec");
        Map<String, Object> model = (Map<String, Object>) spec.get("model");
        assertThat((Map<String, Object>) model.get("init")).containsEntry("type", "kaiming_uniform").containsEntry("a", 0.0).containsEntry("mode", "fan_in");
        Map<String, Object> regularization = (Map<String, Object>) spec.get("regularization");
        assertThat(regularization).containsEntry("applyToBiases", false).containsEntry("gradientClip", Map.of("norm", 5.0));
        assertThat((Map<String, Object>) regularization.get("earlyStopping")).containsEntry("monitor", "validation_loss").containsEntry("mode", "auto");
        assertThat((Map<String, Object>) spec.get("schedule")).containsEntry("warmup", Map.of("steps", 10)).containsEntry("etaMin", 0.0);
        List<Map<String, Object>> rows = api.metrics(id);
        assertThat(rows).hasSize(3).allSatisfy(r -> {
            assertThat((Double) r.get("weightNorm")).isPositive();
            assertThat((Double) r.get("updateRatio")).isPositive().isLessThan(1.0);
        });
        assertThat((Double) rows.get(0).get("learningRate")).isLessThan(0.001);
        assertThat(job.get("earlyStopping")).isNull();
        assertThat(job).as("no restoreBest: the last epoch's weights").containsEntry("weightsFromEpoch", 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void earlyStoppingEndsTheRunAndSaysWhy() {
        String id = api.submitOk(job("{\"type\": \"sgd\", \"lr\": 0.05}", "{\"type\": \"cross_entropy\"}",
                ", \"regularization\": {\"earlyStopping\": {\"monitor\": \"train_loss\", \"patience\": 1, \"minDelta\": 100, \"restoreBest\": true}}")
                .replace("\"epochs\": 3", "\"epochs\": 50"));
        Map<String, Object> job = api.awaitStatus(id, "SUCCEEDED");
        assertThat(job).containsEntry("currentEpoch", 2);
        Map<String, Object> stop = (Map<String, Object>) job.get("earlyStopping");
        assertThat(stop).containsEntry("stoppedAfterEpoch", 2).containsEntry("bestEpoch", 1).containsEntry("monitor", "train_loss")
                .containsEntry("restoredBest", true);
        assertThat((String) stop.get("reason")).contains("did not improve");
        assertThat(job).containsEntry("weightsFromEpoch", 1);
        assertThat(api.metrics(id)).hasSize(2);
    }

    @Test
    void restoreBestAtTheLastEpochSaysWhichEpochsWeightsTheModelHolds() {
        // Only the first epoch improves by more than minDelta; the patience outlasts the run.
        String id = api.submitOk(job("{\"type\": \"sgd\", \"lr\": 0.05}", "{\"type\": \"cross_entropy\"}",
                ", \"regularization\": {\"earlyStopping\": {\"monitor\": \"train_loss\", \"patience\": 100, \"minDelta\": 100, \"restoreBest\": true}}"));
        Map<String, Object> job = api.awaitStatus(id, "SUCCEEDED");
        assertThat(job).containsEntry("currentEpoch", 3).containsEntry("weightsFromEpoch", 1);
        assertThat(job.get("earlyStopping")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCancelledJobWithRestoreBestHoldsTheBestEpochsWeights() {
        // Only the first epoch improves by more than minDelta; the patience outlasts the run.
        String id = api.submitOk(job("{\"type\": \"sgd\", \"lr\": 0.05}", "{\"type\": \"cross_entropy\"}",
                ", \"regularization\": {\"earlyStopping\": {\"monitor\": \"train_loss\", \"patience\": 1000, \"minDelta\": 100, \"restoreBest\": true}}")
                .replace("\"epochs\": 3", "\"epochs\": 1000"));
        api.await(id, j -> (Integer) j.get("currentEpoch") >= 4, java.time.Duration.ofSeconds(120));
        api.cancel(id);
        Map<String, Object> job = api.awaitStatus(id, "CANCELLED");
        assertThat((Integer) job.get("currentEpoch")).isGreaterThanOrEqualTo(4);
        assertThat(job).containsEntry("weightsFromEpoch", 1);
        assertThat((List<Integer>) job.get("checkpointEpochs")).as("epoch 1's checkpoint outlives the latest two").contains(1);
        Map<String, Object> predictions = api.map(api.perform(post("/api/v1/jobs/{id}/predictions", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [[" + "0.5,".repeat(783) + "0.5]]}")));
        assertThat(predictions).containsEntry("modelEpoch", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void weightAveragingIsEchoedWithItsDefaultsAndItsModelDownloads() throws Exception {
        String ema = api.submitOk(job("{\"type\": \"sgd\", \"lr\": 0.1}", "{\"type\": \"cross_entropy\"}", ", \"weightAveraging\": {\"type\": \"ema\"}"));
        String swa = api.submitOk(job("{\"type\": \"sgd\", \"lr\": 0.1}", "{\"type\": \"cross_entropy\"}",
                ", \"weightAveraging\": {\"type\": \"swa\", \"startEpoch\": 2}"));
        Map<String, Object> emaJob = api.awaitStatus(ema, "SUCCEEDED");
        Map<String, Object> swaJob = api.awaitStatus(swa, "SUCCEEDED");
        assertThat(((Map<String, Object>) emaJob.get("spec")).get("weightAveraging")).isEqualTo(Map.of("type", "ema", "decay", 0.999));
        assertThat(((Map<String, Object>) swaJob.get("spec")).get("weightAveraging")).isEqualTo(Map.of("type", "swa", "startEpoch", 2));
        assertThat(api.metrics(ema)).hasSize(3).allSatisfy(r -> assertThat((Double) r.get("validationLoss")).isPositive());
        MvcResult download = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/jobs/{id}/model", swa)).andReturn();
        assertThat(download.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theSameSpecAndSeedGiveTheSameMetricsRowForRow() {
        String spec = job("{\"type\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.9}", "{\"type\": \"cross_entropy\"}", "");
        String a = api.submitOk(spec);
        String b = api.submitOk(spec);
        api.awaitStatus(a, "SUCCEEDED");
        api.awaitStatus(b, "SUCCEEDED");
        List<List<Object>> rowsA = api.metrics(a).stream().map(CatalogOverHttpTest::withoutTimings).toList();
        List<List<Object>> rowsB = api.metrics(b).stream().map(CatalogOverHttpTest::withoutTimings).toList();
        assertThat(rowsB).isEqualTo(rowsA);
    }

    private static List<Object> withoutTimings(Map<String, Object> row) {
        return List.of(row.get("epoch"), row.get("trainLoss"), row.get("trainAccuracy"), row.get("validationLoss"),
                row.get("validationAccuracy"), row.get("learningRate"), row.get("weightNorm"), row.get("updateRatio"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rejectsLossesAndMonitorsThatDoNotFitTheData() {
        MvcResult result = api.submit("""
                {"dataset": {"id": "synthetic-linear", "validation": "none"}, "loss": {"type": "cross_entropy"},
                 "schedule": {"type": "plateau"}, "regularization": {"earlyStopping": {"monitor": "train_accuracy"}}}""");
        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        List<Map<String, String>> errors = (List<Map<String, String>>) api.map(result).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer"))
                .containsExactlyInAnyOrder("/loss/type", "/schedule/monitor", "/regularization/earlyStopping/monitor");
        assertThat(errors.get(0).get("detail")).contains("mse");
    }

    @Test
    @SuppressWarnings("unchecked")
    void drawsOptimizerTrajectories() {
        MvcResult result = api.perform(post("/api/v1/optimizer-trajectories").contentType(MediaType.APPLICATION_JSON).content("""
                {"function": {"type": "quadratic", "coefficients": [0.1, 2.0]}, "start": [-5.0, -2.0], "steps": 20,
                 "optimizer": {"type": "rmsprop", "lr": 0.4, "alpha": 0.9, "eps": 1e-6}}"""));
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        Map<String, Object> body = api.map(result);
        assertThat((List<?>) body.get("points")).hasSize(21);
        assertThat((List<Double>) body.get("values")).hasSize(21);
        assertThat(((List<Double>) body.get("values")).get(20)).isLessThan(((List<Double>) body.get("values")).get(0));

        MvcResult bad = api.perform(post("/api/v1/optimizer-trajectories").contentType(MediaType.APPLICATION_JSON).content("""
                {"function": {"type": "beale"}, "start": [1.0], "steps": 0, "optimizer": {"type": "lbfgs"}}"""));
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        List<Map<String, String>> errors = (List<Map<String, String>>) api.map(bad).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder("/start", "/steps", "/optimizer/type");
    }

    @Test
    @SuppressWarnings("unchecked")
    void drawsTheFunctionOnARequestedGridForContours() {
        MvcResult result = api.perform(post("/api/v1/optimizer-trajectories").contentType(MediaType.APPLICATION_JSON).content("""
                {"function": {"type": "rosenbrock"}, "start": [-1.5, 2.0], "steps": 5, "optimizer": {"type": "sgd", "lr": 0.001},
                 "grid": {"x": [-2.0, 2.0], "y": [-1.0, 3.0], "size": 5}}"""));
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        Map<String, Object> grid = (Map<String, Object>) api.map(result).get("grid");
        assertThat((List<Double>) grid.get("x")).containsExactly(-2.0, -1.0, 0.0, 1.0, 2.0);
        assertThat((List<Double>) grid.get("y")).containsExactly(-1.0, 0.0, 1.0, 2.0, 3.0);
        List<List<Number>> values = (List<List<Number>>) grid.get("values");
        assertThat(values).hasSize(5).allSatisfy(row -> assertThat(row).hasSize(5));
        // Rosenbrock (1 − x)² + 100 (y − x²)²: 0 at its minimum (1, 1), 101 at (0, 1).
        assertThat(values.get(2).get(3).doubleValue()).isZero();
        assertThat(values.get(2).get(2).doubleValue()).isEqualTo(101.0);

        MvcResult plain = api.perform(post("/api/v1/optimizer-trajectories").contentType(MediaType.APPLICATION_JSON).content("""
                {"function": {"type": "beale"}, "start": [1.0, 1.0], "steps": 1, "optimizer": {"type": "sgd", "lr": 0.001}}"""));
        assertThat(api.map(plain)).containsEntry("grid", null);

        MvcResult bad = api.perform(post("/api/v1/optimizer-trajectories").contentType(MediaType.APPLICATION_JSON).content("""
                {"function": {"type": "quadratic", "coefficients": [1, 1, 1]}, "start": [1, 1, 1], "optimizer": {"type": "sgd", "lr": 0.01},
                 "grid": {"x": [2.0, -2.0], "y": [0], "size": 1000}}"""));
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        List<Map<String, String>> errors = (List<Map<String, String>>) api.map(bad).get("errors");
        assertThat(errors).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder("/grid", "/grid/x", "/grid/y", "/grid/size");
    }
}
