package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.descent.job.JobService;
import io.descent.job.spec.InvalidSpecException;
import io.descent.job.spec.JobSpec;
import io.descent.support.Api;
import io.descent.support.FullStackTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deleting a dataset against everything that may use it at that moment: readers on this node
 * (leases), and a job submitted at the same time (the dataset row is locked by both).
 */
@FullStackTest
class DatasetDeletionTest {

    /** Long enough for the other side to reach the row lock and wait on it. */
    private static final long HOLD_MS = 300;

    @Autowired
    MockMvc mvc;
    @Autowired
    DatasetCatalog catalog;
    @Autowired
    DatasetService datasets;
    @Autowired
    DatasetProperties properties;
    @Autowired
    JobService jobs;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JsonMapper json;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(mvc);
    }

    private String generate(int seed) {
        MvcResult created = api.perform(post("/api/v1/datasets").contentType(MediaType.APPLICATION_JSON)
                .content("{\"generator\": \"blobs\", \"seed\": " + seed + ", \"trainSamples\": 60, \"testSamples\": 20}"));
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        return (String) api.map(created).get("id");
    }

    private JobSpec tinyJobOn(String dataset) {
        return json.readValue("{\"dataset\": {\"id\": \"" + dataset + "\"}, \"model\": {\"layers\": [{\"units\": 4}]}, \"epochs\": 1, \"seed\": 1}",
                JobSpec.class);
    }

    private Path file(String dataset) {
        return properties.dir().resolve(dataset + ".dsd");
    }

    @Test
    void aDatasetBeingReadOnThisNodeIsNotDeletedUntilTheReaderIsDone() {
        String dataset = generate(101);
        try (PreparedData evaluation = catalog.prepare(dataset, ValidationSplit.TEST, "none", 0)) {
            MvcResult refused = api.perform(delete("/api/v1/datasets/{id}", dataset));
            assertThat(refused.getResponse().getStatus()).isEqualTo(409);
            assertThat(api.map(refused).get("detail").toString()).contains("being read on this node");
            assertThat(evaluation.data().trainFeatures().sum().getFloat()).isFinite();
        }
        assertThat(api.perform(delete("/api/v1/datasets/{id}", dataset)).getResponse().getStatus()).isEqualTo(204);
        assertThat(file(dataset)).doesNotExist();
        assertThat(catalog.leased(dataset)).isFalse();
    }

    @Test
    void aDeleteWaitsForAJobSubmittedAtTheSameMomentAndThenRefuses() throws Exception {
        String dataset = generate(102);
        AtomicReference<CompletableFuture<Void>> deletion = new AtomicReference<>();
        AtomicReference<String> job = new AtomicReference<>();
        transactions.executeWithoutResult(status -> {
            // The submission's transaction is open: the dataset row is locked and the job not yet visible.
            job.set(jobs.submit(tinyJobOn(dataset), null).job().id().toString());
            deletion.set(CompletableFuture.runAsync(() -> datasets.delete(dataset)));
            io.descent.support.Api.sleep(HOLD_MS);
            assertThat(deletion.get()).as("the delete waits for the submission to commit").isNotDone();
        });
        assertThatThrownBy(() -> deletion.get().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(DatasetConflictException.class).hasMessageContaining("queued or running job");
        assertThat(file(dataset)).exists();
        api.awaitStatus(job.get(), "SUCCEEDED");
        datasets.delete(dataset);
        assertThat(file(dataset)).doesNotExist();
    }

    @Test
    void aJobSubmittedWhileItsDatasetIsBeingDeletedIsToldTheDatasetIsGone() throws Exception {
        String dataset = generate(103);
        AtomicReference<CompletableFuture<?>> submission = new AtomicReference<>();
        long jobsBefore = jobs.list(null, null, 0, 1).getTotalElements();
        transactions.executeWithoutResult(status -> {
            // The delete's transaction is open: the row is locked and still visible to others.
            datasets.delete(dataset);
            submission.set(CompletableFuture.supplyAsync(() -> jobs.submit(tinyJobOn(dataset), null)));
            io.descent.support.Api.sleep(HOLD_MS);
            assertThat(submission.get()).as("the submission waits for the delete to commit").isNotDone();
            assertThat(file(dataset)).as("nothing is deleted before the commit").exists();
        });
        assertThatThrownBy(() -> submission.get().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).violations()).singleElement()
                        .satisfies(v -> assertThat(v.pointer()).isEqualTo("/dataset/id")));
        assertThat(jobs.list(null, null, 0, 1).getTotalElements()).as("no job was stored").isEqualTo(jobsBefore);
        assertThat(file(dataset)).doesNotExist();
    }
}
