package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** A job still training at its maxRuntime ends FAILED timeout at a batch boundary, its finished epochs kept. */
@FullStackTest
class RunLimitsTest {

    @Autowired
    MockMvc mvc;

    @Test
    @SuppressWarnings("unchecked")
    void aJobPastItsMaxRuntimeEndsTimeoutAndKeepsWhatItTrained() {
        Api api = new Api(mvc);
        String id = api.submitOk(Specs.tiny(1000).replace("\"seed\": 7", "\"seed\": 7, \"maxRuntime\": \"PT3S\""));
        Map<String, Object> failed = api.await(id, j -> "FAILED".equals(j.get("status")), Duration.ofSeconds(60));
        Map<String, Object> error = (Map<String, Object>) failed.get("error");
        assertThat(error).containsEntry("type", "timeout");
        int kept = (Integer) failed.get("currentEpoch");
        assertThat(kept).as("epochs trained in 3 s").isGreaterThan(0).isLessThan(1000);
        assertThat(error).containsEntry("epoch", kept + 1);
        assertThat((String) error.get("message")).contains("maxRuntime after " + kept + " finished epoch(s)");
        assertThat(Duration.between(java.time.Instant.parse((String) failed.get("startedAt")),
                java.time.Instant.parse((String) failed.get("finishedAt")))).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThat(api.metrics(id)).hasSize(kept);
        String instance = "[" + "0.5,".repeat(783) + "0.5]";
        assertThat(api.perform(post("/api/v1/jobs/" + id + "/predictions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [" + instance + "]}")).getResponse().getStatus()).as("the model is usable").isEqualTo(200);
    }
    /** Only epoch 1 improves by more than minDelta, so it stays the best; the patience outlasts the run. */
    static final String BEST_IS_EPOCH_ONE = "\"regularization\": {\"earlyStopping\": {\"monitor\": \"train_loss\", \"patience\": 10000,"
            + " \"minDelta\": 100, \"restoreBest\": true}}, ";

    @Test
    @SuppressWarnings("unchecked")
    void aJobThatTimesOutWithRestoreBestHoldsTheBestEpochsWeights() {
        Api api = new Api(mvc);
        String id = api.submitOk(Specs.tiny(1000).replace("\"seed\": 7", BEST_IS_EPOCH_ONE + "\"seed\": 7, \"maxRuntime\": \"PT4S\""));
        Map<String, Object> failed = api.await(id, j -> "FAILED".equals(j.get("status")), Duration.ofSeconds(60));
        assertThat((Map<String, Object>) failed.get("error")).containsEntry("type", "timeout");
        assertThat((Integer) failed.get("currentEpoch")).as("more epochs than descent.checkpoints.keep (2)").isGreaterThan(3);
        assertThat(failed).containsEntry("weightsFromEpoch", 1);
        assertThat((List<Integer>) failed.get("checkpointEpochs")).as("the best epoch's checkpoint outlives the latest two").contains(1);
        String instance = "[" + "0.5,".repeat(783) + "0.5]";
        Map<String, Object> predictions = api.map(api.perform(post("/api/v1/jobs/" + id + "/predictions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [" + instance + "]}")));
        assertThat(predictions).containsEntry("modelEpoch", 1);
    }
}
