package io.descent.job;

import io.descent.system.NodeIdentity;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import io.descent.training.checkpoint.StateWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The state changes a worker makes to the job it runs. Each method is one short transaction;
 * none is called from inside the batch loop. A change that finds the job in another state (a
 * user cancelled or deleted it meanwhile) does nothing. Every transition is logged as a job event.
 */
@Component
public class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);
    private static final int MAX_ERROR_MESSAGE = 2000;

    private final JobRepository jobs;
    private final EpochRecordRepository epochs;
    private final JobCheckpointRepository checkpoints;
    private final CheckpointFiles files;
    private final CheckpointProperties checkpointProperties;
    private final JobEvents events;
    private final JobSnapshots snapshots;
    private final NodeIdentity node;
    private final Clock clock;
    private final RecentSnapshots recent;

    JobLifecycle(JobRepository jobs, EpochRecordRepository epochs, JobCheckpointRepository checkpoints, CheckpointFiles files,
            CheckpointProperties checkpointProperties, JobEvents events, JobSnapshots snapshots, NodeIdentity node, Clock clock,
            RecentSnapshots recent) {
        this.jobs = jobs;
        this.epochs = epochs;
        this.checkpoints = checkpoints;
        this.files = files;
        this.checkpointProperties = checkpointProperties;
        this.events = events;
        this.snapshots = snapshots;
        this.node = node;
        this.clock = clock;
        this.recent = recent;
    }

    /**
     * Marks the job RUNNING on this node, continuing from its latest checkpoint if it has one. A
     * job found RUNNING was interrupted by the crash of the node that ran it (its heartbeats
     * stopped); at most the epoch in progress is trained again, and rows of epochs after the
     * checkpoint are removed so that each epoch keeps exactly one row.
     *
     * @return the job, or empty when it was cancelled or deleted while queued
     */
    @Transactional
    public Optional<StartedJob> start(UUID id) {
        recent.changed(id);
        Optional<Job> found = jobs.findById(id);
        if (found.isEmpty() || found.get().getStatus().finished()) {
            return Optional.empty();
        }
        Job job = found.get();
        boolean interrupted = job.getStatus() == JobStatus.RUNNING;
        if (interrupted && job.isCancelRequested()) {
            jobs.markFinished(id, List.of(JobStatus.RUNNING), JobStatus.CANCELLED, clock.instant());
            events.record(id, JobStatus.CANCELLED, "cancelled: node " + job.getNode() + " stopped while a cancel was pending");
            return Optional.empty();
        }
        // The newest readable checkpoint; an older one is kept precisely for when the newest is lost.
        Optional<JobCheckpoint> checkpoint = checkpoints.findByJobIdOrderByEpochDesc(id).stream()
                .filter(c -> Files.isReadable(Path.of(c.getPath()))).findFirst();
        int from = checkpoint.map(JobCheckpoint::getEpoch).orElse(0);
        epochs.deleteAfter(id, from);
        if (jobs.markRunning(id, clock.instant(), from, from > 0 ? from : null, node.name()) == 0) {
            return Optional.empty();
        }
        String where = "on node " + node.name();
        if (interrupted) {
            log.warn("Job {} was left RUNNING by node {}; continuing from epoch {}", id, job.getNode(), from);
            events.record(id, JobStatus.RUNNING, (from > 0 ? "resumed from epoch " + from : "restarted from epoch 1 (no checkpoint)")
                    + " " + where + " after node " + job.getNode() + " stopped heartbeating");
        } else if (from > 0) {
            events.record(id, JobStatus.RUNNING, "resumed from epoch " + from + " " + where);
        } else {
            events.record(id, JobStatus.RUNNING, "started " + where);
        }
        return jobs.findById(id).map(j -> new StartedJob(snapshots.of(j, null), from, checkpoint.map(c -> Path.of(c.getPath())).orElse(null)));
    }

    /** Keeps what predictions with this job's model will need (classes, width, scaling). */
    @Transactional
    public void recordModelInfo(UUID id, ModelInfo info) {
        recent.changed(id);
        jobs.saveModelInfo(id, snapshots.toJson(info));
    }

    /**
     * Records a finished epoch: its checkpoint file is written first, then the metrics row and the
     * checkpoint's reference commit together; checkpoints beyond {@code keep} are dropped after commit.
     */
    @Transactional
    public void recordEpoch(UUID id, EpochMetrics metrics, StateWriter state) {
        recent.changed(id);
        Path file = files.write(id, metrics.epoch(), state);
        if (jobs.markEpochCompleted(id, metrics.epoch()) == 0) {
            files.delete(file.toString());
            return;
        }
        epochs.save(new EpochRecord(id, metrics, clock.instant()));
        checkpoints.save(new JobCheckpoint(id, metrics.epoch(), file.toString(), size(file), clock.instant()));
        List<JobCheckpoint> all = checkpoints.findByJobIdOrderByEpochDesc(id);
        // keep the newest `keep` epochs; selected by epoch so the row just saved counts whether or not it was flushed
        List<JobCheckpoint> stale = all.stream().filter(c -> c.getEpoch() <= metrics.epoch() - checkpointProperties.keep()).toList();
        checkpoints.deleteAll(stale);
        afterCommit(() -> stale.forEach(c -> files.delete(c.getPath())));
    }

    @Transactional
    public void finish(UUID id, JobStatus outcome, String reason) {
        recent.changed(id);
        if (jobs.markFinished(id, List.of(JobStatus.RUNNING), outcome, clock.instant()) == 1) {
            events.record(id, outcome, reason);
        }
    }

    /** The run ended early by its early-stopping rule: a success, with the reason kept. */
    @Transactional
    public void finishEarly(UUID id, TrainingResult.EarlyStop earlyStop) {
        recent.changed(id);
        if (jobs.markEarlyStopped(id, snapshots.toJson(earlyStop), clock.instant()) == 1) {
            events.record(id, JobStatus.SUCCEEDED, "early-stopped after epoch " + earlyStop.stoppedAfterEpoch() + ": " + earlyStop.reason());
        }
    }

    @Transactional
    public void fail(UUID id, String type, String message, Integer epoch) {
        recent.changed(id);
        String text = message == null ? type : message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) : message;
        if (jobs.markFailed(id, type, text, epoch, clock.instant()) == 1) {
            events.record(id, JobStatus.FAILED, type + (epoch == null ? "" : " in epoch " + epoch) + ": " + text);
        }
    }

    /** Puts a job interrupted by a shutdown back in the queue; it continues from its last checkpoint. */
    @Transactional
    public void requeue(UUID id, int completedEpochs) {
        recent.changed(id);
        if (jobs.markRequeued(id) == 1) {
            events.record(id, JobStatus.QUEUED, "node " + node.name() + " shut down after epoch " + completedEpochs + "; back in the queue");
        }
    }

    /** Whether someone asked (on any node) to cancel the job. */
    @Transactional(readOnly = true)
    public boolean cancelRequested(UUID id) {
        return Boolean.TRUE.equals(jobs.findCancelRequested(id));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
