package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.descent.support.Api;
import io.descent.support.FullStackTest;
import io.descent.support.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * A disk fault is the node's, not the job's: the job goes back to the queue and continues from
 * its checkpoint once the fault clears, and fails only when the fault outlasts its retries. The
 * checkpoint directory is made unusable by putting a plain file where its parent should be.
 */
@FullStackTest
@TestPropertySource(properties = {"descent.checkpoints.dir=target/test-data/transient-faults/blocked/checkpoints",
        "descent.worker.max-retries=2", "descent.worker.retry-backoff=300ms"})
class TransientFaultsTest {

    static final Path BLOCKED = Path.of("target/test-data/transient-faults/blocked");

    @Autowired
    MockMvc mvc;

    @SuppressWarnings("unchecked")
    private List<String> reasons(Api api, String id) {
        return JsonMapper.builder().build().readValue(Api.body(api.perform(get("/api/v1/jobs/" + id + "/events"))), List.class)
                .stream().map(e -> (String) ((Map<String, Object>) e).get("reason")).toList();
    }

    private static void block() throws Exception {
        Files.createDirectories(BLOCKED.getParent());
        if (Files.isDirectory(BLOCKED)) {
            try (var walk = Files.walk(BLOCKED)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.writeString(BLOCKED, "not a directory");
    }

    @Test
    void aCheckpointDiskFaultIsRetriedAndTheJobSucceedsOnceItClears() throws Exception {
        block();
        Api api = new Api(mvc);
        String id = api.submitOk(Specs.tiny(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (reasons(api, id).stream().noneMatch(r -> r.contains("retry 1 of 2")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Files.delete(BLOCKED); // the disk is back
        assertThat(api.awaitStatus(id, "SUCCEEDED")).containsEntry("currentEpoch", 2);
        assertThat(reasons(api, id)).anySatisfy(r -> assertThat(r)
                .startsWith("transient checkpoint_error in epoch 1: The checkpoint after epoch 1 could not be written")
                .doesNotContain("target/test-data"));
        assertThat(api.metrics(id)).hasSize(2);

        block();
        String doomed = api.submitOk(Specs.tiny(2));
        Map<String, Object> failed = api.await(doomed, j -> "FAILED".equals(j.get("status")), Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) failed.get("error");
        assertThat(error).containsEntry("type", "checkpoint_error").containsEntry("epoch", 1);
        assertThat((String) error.get("message")).contains("still failing after 2 retries").doesNotContain("target/test-data");
        assertThat(reasons(api, doomed)).filteredOn(r -> r.startsWith("transient")).hasSize(2);
        Files.delete(BLOCKED);
    }
}
