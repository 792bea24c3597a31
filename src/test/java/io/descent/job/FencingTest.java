package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.job.spec.JobSpec;
import io.descent.support.Specs;
import io.descent.training.EpochMetrics;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lifecycle as two workers see it when one stalls and another takes its job over: every write
 * names the run's attempt, and the database applies only the current one's. No worker runs here;
 * the test plays both.
 */
@SpringBootTest(properties = "descent.worker.enabled=false")
@ActiveProfiles("test")
class FencingTest {

    @Autowired
    JobService jobs;
    @Autowired
    JobLifecycle lifecycle;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcTemplate jdbc;

    private UUID submit(String spec) {
        return jobs.submit(json.readValue(spec, JobSpec.class), null).job().id();
    }

    private StartedJob start(UUID id) {
        return lifecycle.start(id).orElseThrow();
    }

    private void epoch(Run run, int epoch) {
        lifecycle.recordEpoch(run, new EpochMetrics(epoch, 1.0 / epoch, 0.5, null, null, 0.1, 10, 1000, 1, 0.01),
                out -> out.write(("state after epoch " + epoch).getBytes()));
    }

    private List<String> checkpointFiles(UUID id) {
        return jdbc.queryForList("select path from job_checkpoint where job_id = ? order by epoch", String.class, id);
    }

    @Test
    void aRunThatLostItsJobToAnotherNodeCanWriteNothing() {
        UUID id = submit(Specs.tiny(3));
        Run stale = start(id).run();
        epoch(stale, 1);

        // The node of `stale` freezes; the queue hands the job to another node, which resumes it.
        StartedJob taken = start(id);
        Run current = taken.run();
        assertThat(current.attempt()).isEqualTo(stale.attempt() + 1);
        assertThat(taken.resumeEpoch()).isEqualTo(1);

        assertThatThrownBy(() -> epoch(stale, 2)).isInstanceOf(RunLostException.class);
        assertThat(lifecycle.heartbeat(stale)).isEqualTo(JobLifecycle.Heartbeat.LOST);
        assertThat(lifecycle.finish(stale, JobStatus.SUCCEEDED, "late")).isFalse();
        assertThat(lifecycle.fail(stale, "training_error", "late", 2)).isFalse();
        assertThat(lifecycle.requeue(stale, "late")).isFalse();
        assertThat(jobs.metrics(id)).extracting(EpochMetrics::epoch).containsExactly(1);
        try (var files = Files.list(Path.of(checkpointFiles(id).get(0)).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the refused epoch's file was removed").containsExactly("epoch-1-a1.ckpt");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }

        assertThat(lifecycle.heartbeat(current)).isEqualTo(JobLifecycle.Heartbeat.OWNED);
        epoch(current, 2);
        epoch(current, 3);
        assertThat(lifecycle.finish(current, JobStatus.SUCCEEDED, "finished 3 epochs")).isTrue();
        assertThat(lifecycle.finish(stale, JobStatus.SUCCEEDED, "finished 3 epochs")).isFalse();

        assertThat(jobs.get(id).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.metrics(id)).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        assertThat(jobs.events(id)).filteredOn(e -> e.getStatus() == JobStatus.SUCCEEDED).hasSize(1);
        assertThat(checkpointFiles(id)).allSatisfy(p -> assertThat(Path.of(p)).exists()).last().asString().endsWith("epoch-3-a2.ckpt");
    }

    @Test
    void theThirdDeathOfItsNodeEndsAJobCrashLoopNamingTheNodes() {
        UUID id = submit(Specs.tiny(3));
        start(id); // runs, and its node dies
        start(id); // death 1: resumed
        start(id); // death 2: resumed
        assertThat(lifecycle.start(id)).as("death 3 with maxRestarts 3").isEmpty();
        JobSnapshot failed = jobs.get(id);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error().type()).isEqualTo("crash_loop");
        assertThat(failed.error().message()).contains("died 3 times").contains("maxRestarts is 3");
        assertThat(lifecycle.start(id)).isEmpty();
    }

    @Test
    void aCrashLoopOfAJobWithRestoreBestNamesTheBestEpochWhoseCheckpointWasKept() {
        UUID id = submit(Specs.tiny(10).replace("\"seed\": 7",
                "\"seed\": 7, \"regularization\": {\"earlyStopping\": {\"patience\": 100, \"restoreBest\": true}}"));
        Run run = start(id).run();
        // As the worker reports it: after each epoch the best so far (epoch 2 stays the best).
        for (int epoch = 1; epoch <= 5; epoch++) {
            lifecycle.recordEpoch(run, new EpochMetrics(epoch, 1.0 / epoch, 0.5, null, null, 0.1, 10, 1000, 1, 0.01),
                    out -> out.write("state".getBytes()), Math.min(epoch, 2));
        }
        start(id); // death 1: resumed
        start(id); // death 2: resumed
        assertThat(lifecycle.start(id)).as("death 3").isEmpty();
        JobSnapshot failed = jobs.get(id);
        assertThat(failed.error().type()).isEqualTo("crash_loop");
        assertThat(failed.weightsFromEpoch()).isEqualTo(2);
        assertThat(failed.checkpointEpochs()).as("the latest two and the best").containsExactly(2, 4, 5);
    }

    @Test
    void maxRestartsIsTheJobsOwn() {
        UUID id = submit(Specs.tiny(3).replace("\"seed\": 7", "\"seed\": 7, \"maxRestarts\": 1"));
        start(id);
        assertThat(lifecycle.start(id)).isEmpty();
        assertThat(jobs.get(id).error().type()).isEqualTo("crash_loop");
        assertThat(jobs.get(id).spec().maxRestarts()).isEqualTo(1);
    }

    @Test
    void aDamagedNewestCheckpointIsSkippedForThePreviousOne() throws Exception {
        UUID id = submit(Specs.tiny(5));
        Run run = start(id).run();
        epoch(run, 1);
        epoch(run, 2);
        List<String> files = checkpointFiles(id);
        try (RandomAccessFile raf = new RandomAccessFile(files.get(1), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        StartedJob resumed = start(id);
        assertThat(resumed.resumeEpoch()).isEqualTo(1);
        assertThat(resumed.checkpoint()).isEqualTo(Path.of(files.get(0)));
        assertThat(jobs.metrics(id)).extracting(EpochMetrics::epoch).containsExactly(1);
        assertThat(jobs.events(id)).extracting(JobEvent::getReason).last().asString()
                .contains("resumed from epoch 1").contains("the checkpoint after epoch 2 was skipped: the checkpoint file is truncated");

        Files.delete(Path.of(files.get(0)));
        StartedJob fresh = start(id);
        assertThat(fresh.resumeEpoch()).isZero();
        assertThat(fresh.checkpoint()).isNull();
        assertThat(jobs.metrics(id)).isEmpty();
        assertThat(jobs.events(id)).extracting(JobEvent::getReason).last().asString()
                .contains("restarted from epoch 1 (no usable checkpoint)").contains("epoch 1 was skipped: the checkpoint file is missing");
    }

    @Test
    void aJobPastItsMaxRuntimeIsNotStartedAgain() throws Exception {
        UUID id = submit(Specs.tiny(3).replace("\"seed\": 7", "\"seed\": 7, \"maxRuntime\": \"PT1S\""));
        StartedJob job = start(id);
        assertThat(job.deadline()).isEqualTo(jobs.get(id).startedAt().plusSeconds(1));
        Thread.sleep(1100);
        assertThat(lifecycle.start(id)).isEmpty();
        assertThat(jobs.get(id).error().type()).isEqualTo("timeout");
    }

    @Test
    void aCancelWhileTheNodeWasDeadEndsTheJobWhenItIsTakenOver() {
        UUID id = submit(Specs.tiny(3));
        Run run = start(id).run();
        jobs.cancel(id);
        assertThat(lifecycle.heartbeat(run)).isEqualTo(JobLifecycle.Heartbeat.CANCEL_REQUESTED);
        assertThat(lifecycle.start(id)).isEmpty();
        assertThat(jobs.get(id).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(lifecycle.finish(run, JobStatus.CANCELLED, "late")).isFalse();
    }

    private String inEpochFile(UUID id) {
        return jdbc.queryForObject("select partial_checkpoint from job where id = ?", String.class, id);
    }

    @Test
    void aCheckpointInsideAnEpochIsResumedThereUntilTheEpochEnds() {
        UUID id = submit(Specs.tiny(3));
        Run run = start(id).run();
        epoch(run, 1);
        assertThat(lifecycle.recordInEpoch(run, 1, 5, out -> out.write("inside epoch 2".getBytes()))).isTrue();
        Path kept = Path.of(inEpochFile(id));
        assertThat(kept.getFileName().toString()).isEqualTo("epoch-2-batch-5-a1.ckpt");
        lifecycle.requeue(run, "node shut down in epoch 2 after batch 5, which it kept; back in the queue");

        StartedJob resumed = start(id);
        assertThat(resumed.resumeEpoch()).isEqualTo(1);
        assertThat(resumed.resumeStep()).isEqualTo(5);
        assertThat(resumed.checkpoint()).isEqualTo(kept);
        assertThat(jobs.events(id)).extracting(JobEvent::getReason).last().asString().startsWith("resumed in epoch 2 after batch 5");
        assertThat(lifecycle.recordInEpoch(run, 1, 7, out -> out.write("late".getBytes()))).as("the old run's").isFalse();
        assertThat(inEpochFile(id)).isEqualTo(kept.toString());

        epoch(resumed.run(), 2);
        assertThat(inEpochFile(id)).as("superseded by the epoch's end").isNull();
        assertThat(kept).doesNotExist();
    }

    @Test
    void aDamagedCheckpointInsideAnEpochIsSkippedForTheEpochsStart() throws Exception {
        UUID id = submit(Specs.tiny(3));
        Run run = start(id).run();
        epoch(run, 1);
        lifecycle.recordInEpoch(run, 1, 5, out -> out.write("inside epoch 2".getBytes()));
        String kept = inEpochFile(id);
        try (RandomAccessFile raf = new RandomAccessFile(kept, "rw")) {
            raf.setLength(10);
        }
        lifecycle.requeue(run, "shut down");
        StartedJob resumed = start(id);
        assertThat(resumed.resumeEpoch()).isEqualTo(1);
        assertThat(resumed.resumeStep()).isZero();
        assertThat(resumed.checkpoint().getFileName().toString()).isEqualTo("epoch-1-a1.ckpt");
        assertThat(jobs.events(id)).extracting(JobEvent::getReason).last().asString().startsWith("resumed from epoch 1")
                .contains("the checkpoint in epoch 2 after batch 5 was skipped: the checkpoint file is truncated");
        assertThat(inEpochFile(id)).isNull();
        assertThat(Path.of(kept)).doesNotExist();
    }
}
