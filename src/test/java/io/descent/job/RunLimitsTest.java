package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.time.Duration;
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
}
