package io.descent.job;

import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The state changes a worker makes to the job it runs. Each method is one short transaction;
 * none is called from inside the batch loop. A change that finds the job in another state (a
 * user cancelled or deleted it meanwhile) does nothing.
 */
@Component
public class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);
    private static final int MAX_ERROR_MESSAGE = 2000;

    private final JobRepository jobs;
    private final EpochRecordRepository epochs;
    private final JobSnapshots snapshots;
    private final Clock clock;

    JobLifecycle(JobRepository jobs, EpochRecordRepository epochs, JobSnapshots snapshots, Clock clock) {
        this.jobs = jobs;
        this.epochs = epochs;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /**
     * Marks the job RUNNING. A job found RUNNING was interrupted by a crash of the node that ran
     * it; without checkpoints it restarts from its first epoch, so its earlier rows are removed
     * (unless a cancel was requested before the crash: then it ends CANCELLED).
     *
     * @return the job, or empty when it was cancelled or deleted while queued
     */
    @Transactional
    public Optional<JobSnapshot> start(UUID id) {
        Optional<Job> found = jobs.findById(id);
        if (found.isEmpty() || found.get().getStatus().finished()) {
            return Optional.empty();
        }
        if (found.get().getStatus() == JobStatus.RUNNING) {
            if (found.get().isCancelRequested()) {
                jobs.markFinished(id, List.of(JobStatus.RUNNING), JobStatus.CANCELLED, clock.instant());
                return Optional.empty();
            }
            log.warn("Job {} was left RUNNING by an interrupted worker; training it again from epoch 1", id);
            epochs.deleteByJobId(id);
        }
        if (jobs.markRunning(id, clock.instant()) == 0) {
            return Optional.empty();
        }
        return jobs.findById(id).map(job -> snapshots.of(job, null));
    }

    @Transactional
    public void recordEpoch(UUID id, EpochMetrics metrics) {
        if (jobs.markEpochCompleted(id, metrics.epoch()) == 1) {
            epochs.save(new EpochRecord(id, metrics, clock.instant()));
        }
    }

    @Transactional
    public void finish(UUID id, JobStatus outcome) {
        jobs.markFinished(id, List.of(JobStatus.RUNNING), outcome, clock.instant());
    }

    /** The run ended early by its early-stopping rule: a success, with the reason kept. */
    @Transactional
    public void finishEarly(UUID id, TrainingResult.EarlyStop earlyStop) {
        jobs.markEarlyStopped(id, snapshots.toJson(earlyStop), clock.instant());
    }

    @Transactional
    public void fail(UUID id, String type, String message, Integer epoch) {
        String text = message == null ? type : message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) : message;
        jobs.markFailed(id, type, text, epoch, clock.instant());
    }

    /** Puts an interrupted job back in the queue; it will train again from epoch 1. */
    @Transactional
    public void requeue(UUID id) {
        epochs.deleteByJobId(id);
        jobs.markRequeued(id);
    }

    /** Whether someone asked (on any node) to cancel the job. */
    @Transactional(readOnly = true)
    public boolean cancelRequested(UUID id) {
        return Boolean.TRUE.equals(jobs.findCancelRequested(id));
    }
}
