package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.job.CheckpointProperties;
import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Ensembles of one run's kept epochs (a study's best trials: StudyApiTest), trained over HTTP on the shipped Fashion-MNIST subset. */
@FullStackTest
class EnsembleMembersTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    CheckpointProperties checkpoints;

    private static String spec(int epochs, int seed, String extra) {
        return """
                {"dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                 "model": {"layers": [{"units": 32}]}, "optimizer": {"type": "sgd", "lr": 0.3, "momentum": 0.5},
                 "epochs": %d, "batchSize": 128, "seed": %d%s}""".formatted(epochs, seed, extra);
    }

    private MvcResult post(Api api, String path, String body) {
        return api.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunKeepsEveryKthCheckpointAndItsEpochsEnsembleOneMemberEach() throws Exception {
        Api api = new Api(mvc);
        String job = api.submitOk(spec(5, 7, ", \"checkpoints\": {\"keepEvery\": 2}"));
        Map<String, Object> done = api.awaitStatus(job, "SUCCEEDED");
        assertThat((Map<String, Object>) ((Map<String, Object>) done.get("spec"))).containsEntry("checkpoints", Map.of("keepEvery", 2));
        assertThat(done.get("checkpointEpochs")).as("every 2nd epoch, the latest two (keep: 2), the last").isEqualTo(List.of(2, 4, 5));
        Path dir = checkpoints.dir().resolve(job);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(3);
        }

        Map<String, Object> scored = api.map(post(api, "/api/v1/ensembles/evaluations",
                "{\"members\": [{\"job\": \"" + job + "\", \"epochs\": [2, 4, 5]}]}"));
        List<Map<String, Object>> members = (List<Map<String, Object>>) scored.get("members");
        assertThat(members).extracting(m -> m.get("modelEpoch")).containsExactly(2, 4, 5);
        assertThat(members).allSatisfy(m -> assertThat(m).containsEntry("job", job).containsKeys("accuracy", "logLoss"));
        assertThat(scored).containsEntry("dataset", "fashion-mnist-small").containsEntry("split", "test");
        assertThat((Double) scored.get("accuracy")).isGreaterThan(0.5);
        Map<String, Object> alone = api.map(post(api, "/api/v1/jobs/" + job + "/evaluations", "{}"));
        assertThat(members.get(2).get("accuracy")).as("the last epoch scores as the job's model does alone").isEqualTo(alone.get("accuracy"));

        String zeros = IntStream.range(0, 784).mapToObj(i -> "0.5").collect(Collectors.joining(","));
        Map<String, Object> predicted = api.map(post(api, "/api/v1/ensembles/predictions",
                "{\"members\": [{\"job\": \"" + job + "\", \"epochs\": [4, 2]}, {\"job\": \"" + job + "\"}], \"instances\": [[" + zeros + "]]}"));
        assertThat((List<Map<String, Object>>) predicted.get("members")).extracting(m -> m.get("modelEpoch")).containsExactly(4, 2, 5);
        assertThat((List<?>) predicted.get("predictions")).hasSize(1);

        MvcResult notKept = post(api, "/api/v1/ensembles/evaluations", "{\"members\": [{\"job\": \"" + job + "\", \"epochs\": [2, 3]}]}");
        assertThat(notKept.getResponse().getStatus()).isEqualTo(409);
        assertThat(notKept.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(error(api, notKept)).containsEntry("pointer", "/members/0/epochs/1");
        assertThat((String) error(api, notKept).get("detail")).contains("kept: [2, 4, 5]");

        assertThat(api.deleteJob(job).getResponse().getStatus()).isEqualTo(204);
        assertThat(dir).as("deleting the job deletes every kept checkpoint").doesNotExist();
    }

    @Test
    void badMembersAreNamedByTheirPointer() {
        Api api = new Api(mvc);
        String unknown = UUID.randomUUID().toString();
        MvcResult missing = post(api, "/api/v1/ensembles/evaluations", "{\"members\": [{\"job\": \"" + unknown + "\", \"epochs\": [1]}, {\"job\": \""
                + unknown + "\"}]}");
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(missing.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(error(api, missing)).containsEntry("pointer", "/members/0/job");

        MvcResult both = post(api, "/api/v1/ensembles/predictions", "{\"jobs\": [\"" + unknown + "\", \"" + unknown + "\"], \"members\": [{\"job\": \""
                + unknown + "\"}], \"instances\": [[1.0]]}");
        assertThat(both.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(api, both)).containsEntry("pointer", "/members");

        String epochs = IntStream.rangeClosed(1, 33).mapToObj(String::valueOf).collect(Collectors.joining(","));
        MvcResult tooMany = post(api, "/api/v1/ensembles/evaluations", "{\"members\": [{\"job\": \"" + unknown + "\", \"epochs\": [" + epochs + "]}]}");
        assertThat(tooMany.getResponse().getStatus()).isEqualTo(400);
        assertThat(error(api, tooMany)).containsEntry("pointer", "/members");
        assertThat((String) error(api, tooMany).get("detail")).contains("descent.limits.max-ensemble-members");

        MvcResult mixed = post(api, "/api/v1/ensembles/evaluations", "{\"members\": [{\"job\": \"" + unknown + "\", \"study\": \"" + unknown
                + "\"}, {\"study\": \"" + unknown + "\", \"top\": 0}, {\"job\": \"" + unknown + "\", \"epochs\": [2, 2]}]}");
        assertThat(mixed.getResponse().getStatus()).isEqualTo(400);
        assertThat(errors(api, mixed)).extracting(e -> e.get("pointer")).containsExactly("/members/0", "/members/1/top", "/members/2/epochs/1");

        MvcResult badSpec = api.submit(spec(5, 1, ", \"checkpoints\": {\"keepEvery\": 6, \"every\": 2}"));
        assertThat(badSpec.getResponse().getStatus()).isEqualTo(400);
        assertThat(errors(api, badSpec)).extracting(e -> e.get("pointer")).containsExactlyInAnyOrder("/checkpoints/every", "/checkpoints/keepEvery");
    }

    private static Map<String, Object> error(Api api, MvcResult result) {
        return errors(api, result).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Api api, MvcResult result) {
        return (List<Map<String, Object>>) api.map(result).get("errors");
    }
}
