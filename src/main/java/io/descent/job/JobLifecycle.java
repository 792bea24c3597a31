package io.descent.job;

import io.descent.job.spec.CheckpointRetention;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.RunLimits;
import io.descent.system.AfterTransaction;
import io.descent.system.NodeIdentity;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import io.descent.training.checkpoint.StateWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a job's state changes: submission, start, epochs, the outcome, requeues, cancels and
 * deletion, each a short transaction with its event. A worker's changes name its {@link Run} and
 * apply only while that run is the job's current attempt; a refused write is logged and reported
 * as {@code false} (or {@link RunLostException} in the middle of a run), and the worker stops
 * without touching anything else.
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
    private final JobMetrics metrics;
    private final JobFeed feed;

    JobLifecycle(JobRepository jobs, EpochRecordRepository epochs, JobCheckpointRepository checkpoints, CheckpointFiles files,
            CheckpointProperties checkpointProperties, JobEvents events, JobSnapshots snapshots, NodeIdentity node, Clock clock,
            RecentSnapshots recent, JobMetrics metrics, JobFeed feed) {
        this.feed = feed;
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
        this.metrics = metrics;
    }

    /** Stores a new job and its "submitted" event in the caller's transaction (with its queue entry). */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    void create(Job job) {
        jobs.saveAndFlush(job);
        events.record(job.getId(), JobStatus.QUEUED, "submitted");
    }

    /** Stores a study's trial that failed before it could be queued, with its "failed" event, in the caller's transaction. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    void createFailed(Job job) {
        jobs.saveAndFlush(job);
        events.recordFailure(job.getId(), job.getErrorType(), job.getErrorType() + ": " + job.getErrorMessage());
    }

    /**
     * Starts a new run of the job on this node: takes the next attempt number, then continues from
     * the newest whole checkpoint (a damaged or missing one is skipped, and the event says so).
     * A job found RUNNING was interrupted by the death of the node that ran it (its heartbeats
     * stopped): that counts towards the job's maxRestarts, and the last allowed death ends it
     * FAILED {@code crash_loop}. A job past its maxRuntime ends FAILED {@code timeout}.
     *
     * @return the job, or empty when there is nothing to train (cancelled, deleted, finished, or
     *     another node claimed it first)
     */
    /** The spec of a job that may still be started (queued, or left running by a node that died); empty otherwise. */
    @Transactional(readOnly = true)
    public Optional<JobSpec> startableSpec(UUID id) {
        return jobs.findById(id).filter(j -> !j.getStatus().finished()).map(snapshots::spec);
    }

    @Transactional
    public Optional<StartedJob> start(UUID id) {
        changed(id);
        Optional<Job> found = jobs.findById(id);
        if (found.isEmpty() || found.get().getStatus().finished()) {
            return Optional.empty();
        }
        Job job = found.get();
        boolean interrupted = job.getStatus() == JobStatus.RUNNING;
        String previousNode = job.getNode();
        // to the database's precision, so the deadline computed here is the one a later start computes
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (jobs.claim(id, job.getAttempt(), now, node.name()) == 0) {
            return Optional.empty();
        }
        Run run = new Run(id, job.getAttempt() + 1);
        JobSpec spec = snapshots.spec(job);
        if (interrupted && job.isCancelRequested()) {
            jobs.markFinished(id, run.attempt(), JobStatus.CANCELLED, null, now);
            events.record(id, JobStatus.CANCELLED, "cancelled: node " + previousNode + " stopped while a cancel was pending");
            return Optional.empty();
        }
        if (interrupted && crashLoop(job, run, spec, previousNode)) {
            return Optional.empty();
        }
        Instant deadline = deadline(job, spec, now);
        if (deadline != null && !now.isBefore(deadline)) {
            failNow(run, "timeout", "The job reached its maxRuntime (" + spec.maxRuntime() + " since it first started) before this run "
                    + "could begin; its " + job.getCompletedEpochs() + " finished epoch(s) are kept.", null, null);
            return Optional.empty();
        }
        List<String> skipped = new ArrayList<>();
        Optional<JobCheckpoint> checkpoint = newestWholeCheckpoint(id, skipped);
        int from = checkpoint.map(JobCheckpoint::getEpoch).orElse(0);
        Path file = checkpoint.map(c -> Path.of(c.getPath())).orElse(null);
        int step = 0;
        if (job.getPartialCheckpoint() != null) {
            if (usableInEpoch(job, run, from, skipped)) {
                file = Path.of(job.getPartialCheckpoint());
                step = job.getPartialStep();
            }
        }
        epochs.deleteAfter(id, from);
        jobs.markResumePoint(id, run.attempt(), from, from > 0 ? from : null);
        events.record(id, JobStatus.RUNNING, startReason(interrupted, previousNode, from, step, skipped));
        if (interrupted) {
            log.warn("Job {} was left RUNNING by node {}; continuing from epoch {} as attempt {}", id, previousNode, from, run.attempt());
        }
        JobSnapshot snapshot = snapshots.of(jobs.findById(id).orElseThrow(), null);
        return Optional.of(new StartedJob(snapshot, run, from, step, file, deadline));
    }

    /**
     * Whether the job's checkpoint inside an epoch continues the epoch this run resumes with and is
     * whole; one that is not is dropped (reference now, file after commit) and {@code skipped} says why.
     */
    private boolean usableInEpoch(Job job, Run run, int from, List<String> skipped) {
        String path = job.getPartialCheckpoint();
        int epoch = job.getPartialEpoch() + 1;
        String problem = job.getPartialEpoch() != from ? "it continues epoch " + epoch + ", but the newest whole checkpoint is after epoch " + from
                : files.problem(path);
        if (problem == null) {
            return true;
        }
        log.warn("Job {}: checkpoint in epoch {} ({}) is unusable: {}", job.getId(), epoch, path, problem);
        skipped.add("the checkpoint in epoch " + epoch + " after batch " + job.getPartialStep() + " was skipped: " + problem);
        jobs.markPartial(job.getId(), run.attempt(), null, null, null);
        AfterTransaction.commit(() -> files.delete(path));
        return false;
    }

    private boolean crashLoop(Job job, Run run, JobSpec spec, String previousNode) {
        int crashes = job.getCrashes() + 1;
        String nodes = job.getCrashNodes() == null ? previousNode : job.getCrashNodes() + ", " + previousNode;
        jobs.recordCrash(job.getId(), run.attempt(), shorten(nodes, 2000));
        int maxRestarts = spec.maxRestarts() == null ? RunLimits.DEFAULT_MAX_RESTARTS : spec.maxRestarts();
        if (crashes < maxRestarts) {
            return false;
        }
        failNow(run, "crash_loop", "The node running this job died " + crashes + " times (" + nodes + ") and maxRestarts is " + maxRestarts
                + ", so it is not resumed again. A job that kills its node is most often too big for it (out of memory): see the "
                + "nodes' logs and kernel messages, use a smaller model or batch, or raise maxRestarts.", job.getCompletedEpochs() + 1, null);
        return true;
    }

    private static Instant deadline(Job job, JobSpec spec, Instant now) {
        if (spec.maxRuntime() == null) {
            return null;
        }
        Instant first = job.getStartedAt() != null ? job.getStartedAt() : now;
        return first.plus(Duration.parse(spec.maxRuntime()));
    }

    /** Damaged or missing checkpoints are dropped (rows now, files after commit); {@code skipped} says why. */
    private Optional<JobCheckpoint> newestWholeCheckpoint(UUID id, List<String> skipped) {
        for (JobCheckpoint c : checkpoints.findByJobIdOrderByEpochDesc(id)) {
            String problem = files.problem(c.getPath());
            if (problem == null) {
                return Optional.of(c);
            }
            log.warn("Job {}: checkpoint after epoch {} ({}) is unusable: {}", id, c.getEpoch(), c.getPath(), problem);
            skipped.add("the checkpoint after epoch " + c.getEpoch() + " was skipped: " + problem);
            checkpoints.delete(c);
            AfterTransaction.commit(() -> files.delete(c.getPath()));
        }
        return Optional.empty();
    }

    private String startReason(boolean interrupted, String previousNode, int from, int step, List<String> skipped) {
        String what = step > 0 ? "resumed in epoch " + (from + 1) + " after batch " + step
                : from > 0 ? "resumed from epoch " + from : interrupted || !skipped.isEmpty() ? "restarted from epoch 1 (no usable checkpoint)"
                : "started";
        String reason = what + " on node " + node.name() + (interrupted ? " after node " + previousNode + " stopped heartbeating" : "");
        return skipped.isEmpty() ? reason : reason + "; " + String.join("; ", skipped);
    }

    /** Our own heartbeat on the job row, and what the run should do next. */
    public enum Heartbeat { OWNED, CANCEL_REQUESTED, LOST }

    @Transactional
    public Heartbeat heartbeat(Run run) {
        if (jobs.heartbeat(run.jobId(), run.attempt(), clock.instant()) == 0) {
            refused(run, "heartbeat");
            return Heartbeat.LOST;
        }
        return Boolean.TRUE.equals(jobs.findCancelRequested(run.jobId())) ? Heartbeat.CANCEL_REQUESTED : Heartbeat.OWNED;
    }

    /** Keeps what predictions with this job's model will need (classes, width, scaling). */
    @Transactional
    public void recordModelInfo(Run run, ModelInfo info) {
        changed(run.jobId());
        if (jobs.saveModelInfo(run.jobId(), run.attempt(), snapshots.toJson(info)) == 0) {
            throw lost(run, "model info");
        }
    }

    /**
     * Records a finished epoch: its checkpoint file is written (durably) first, then the metrics
     * row and the checkpoint's reference commit together. Checkpoints beyond {@code keep} and not
     * kept by the spec's {@code checkpoints.keepEvery} ({@link CheckpointRetention}) lose their
     * rows in the same transaction and their files after it commits; if it does not, the file just
     * written is removed, since nothing references it.
     *
     * @throws RunLostException when another run owns the job now; nothing was recorded
     */
    @Transactional
    public void recordEpoch(Run run, EpochMetrics metrics, StateWriter state) {
        recordEpoch(run, metrics, state, null);
    }

    /**
     * The same, also keeping the checkpoint of epoch {@code alsoKeep} (with restoreBest, the best
     * so far: the model of a run that ends now) however old it is; null keeps no extra one.
     */
    @Transactional
    public void recordEpoch(Run run, EpochMetrics metrics, StateWriter state, Integer alsoKeep) {
        UUID id = run.jobId();
        changed(id);
        Path file = files.write(id, run.attempt(), metrics.epoch(), state);
        AfterTransaction.rollback(() -> files.delete(file.toString()));
        String inEpoch = jobs.findPartialCheckpoint(id);
        if (jobs.markEpochCompleted(id, run.attempt(), metrics.epoch(), alsoKeep, clock.instant()) == 0) {
            files.delete(file.toString());
            throw lost(run, "epoch " + metrics.epoch());
        }
        if (inEpoch != null) {
            // the epoch it was taken in has now finished: the whole checkpoint supersedes it
            AfterTransaction.commit(() -> files.delete(inEpoch));
        }
        epochs.save(new EpochRecord(id, metrics, clock.instant()));
        checkpoints.save(new JobCheckpoint(id, metrics.epoch(), run.attempt(), file.toString(), size(file), clock.instant()));
        // keep the newest `keep` epochs and those the spec asks for; selected by epoch so the row just saved counts whether or not it was flushed
        Job job = jobs.findById(id).orElseThrow(() -> new RunLostException(run));
        CheckpointRetention retention = CheckpointRetention.of(snapshots.spec(job));
        List<JobCheckpoint> stale = checkpoints.findByJobIdOrderByEpochDesc(id).stream()
                .filter(c -> !retention.keeps(c.getEpoch(), metrics.epoch(), checkpointProperties.keep(), job.getTotalEpochs()))
                .filter(c -> alsoKeep == null || c.getEpoch() != alsoKeep).toList();
        checkpoints.deleteAll(stale);
        // Safe for files of earlier attempts too: their rows are gone in this fenced transaction,
        // and a worker never deletes a referenced file, only the one it wrote when its reference was refused.
        AfterTransaction.commit(() -> stale.forEach(c -> files.delete(c.getPath())));
    }

    /**
     * Keeps a checkpoint taken inside epoch {@code finishedEpochs} + 1 after {@code step} batches (a
     * shutdown stopped the run there), so that the next run trains only the rest of the epoch. It
     * replaces an earlier one; the epoch's end drops it.
     *
     * @return false when the write was refused: another run owns the job
     */
    @Transactional
    public boolean recordInEpoch(Run run, int finishedEpochs, int step, StateWriter state) {
        UUID id = run.jobId();
        Path file = files.writeInEpoch(id, run.attempt(), finishedEpochs + 1, step, state);
        AfterTransaction.rollback(() -> files.delete(file.toString()));
        String previous = jobs.findPartialCheckpoint(id);
        if (jobs.markPartial(id, run.attempt(), file.toString(), finishedEpochs, step) == 0) {
            files.delete(file.toString());
            return refused(run, "checkpoint in epoch " + (finishedEpochs + 1));
        }
        if (previous != null && !previous.equals(file.toString())) {
            AfterTransaction.commit(() -> files.delete(previous));
        }
        return true;
    }

    /** @return false when the write was refused: another run owns the job */
    @Transactional
    public boolean finish(Run run, JobStatus outcome, String reason) {
        return finish(run, outcome, reason, null);
    }

    /**
     * @param weightsFromEpoch the epoch whose parameters the model holds (training finished), null when unknown
     * @return false when the write was refused: another run owns the job
     */
    @Transactional
    public boolean finish(Run run, JobStatus outcome, String reason, Integer weightsFromEpoch) {
        changed(run.jobId());
        if (jobs.markFinished(run.jobId(), run.attempt(), outcome, weightsFromEpoch, clock.instant()) == 0) {
            return refused(run, outcome.name());
        }
        events.record(run.jobId(), outcome, reason);
        return true;
    }

    /** The run ended early by its early-stopping rule: a success, with the reason kept. */
    @Transactional
    public boolean finishEarly(Run run, TrainingResult.EarlyStop earlyStop, int weightsFromEpoch) {
        changed(run.jobId());
        if (jobs.markEarlyStopped(run.jobId(), run.attempt(), snapshots.toJson(earlyStop), weightsFromEpoch, clock.instant()) == 0) {
            return refused(run, "early stop");
        }
        events.record(run.jobId(), JobStatus.SUCCEEDED,
                "early-stopped after epoch " + earlyStop.stoppedAfterEpoch() + ": " + earlyStop.reason());
        return true;
    }

    /** A study's pruner stopped the trial: PRUNED, its epochs and model kept, with the reason. */
    @Transactional
    public boolean finishPruned(Run run, String reason, Integer weightsFromEpoch) {
        changed(run.jobId());
        String text = reason.length() > MAX_ERROR_MESSAGE ? reason.substring(0, MAX_ERROR_MESSAGE) : reason;
        if (jobs.markPruned(run.jobId(), run.attempt(), text, weightsFromEpoch, clock.instant()) == 0) {
            return refused(run, "prune");
        }
        events.record(run.jobId(), JobStatus.PRUNED, "pruned: " + text);
        return true;
    }

    @Transactional
    public boolean fail(Run run, String type, String message, Integer epoch) {
        return fail(run, type, message, epoch, null);
    }

    /** @param weightsFromEpoch the epoch whose parameters the model holds; null for the last finished one */
    @Transactional
    public boolean fail(Run run, String type, String message, Integer epoch, Integer weightsFromEpoch) {
        changed(run.jobId());
        return failNow(run, type, message, epoch, weightsFromEpoch);
    }

    private boolean failNow(Run run, String type, String message, Integer epoch, Integer weightsFromEpoch) {
        String text = message == null ? type : message.length() > MAX_ERROR_MESSAGE ? message.substring(0, MAX_ERROR_MESSAGE) : message;
        if (jobs.markFailed(run.jobId(), run.attempt(), type, text, epoch, weightsFromEpoch, clock.instant()) == 0) {
            return refused(run, "failure " + type);
        }
        events.recordFailure(run.jobId(), type, type + (epoch == null ? "" : " in epoch " + epoch) + ": " + text);
        return true;
    }

    /** Puts a job interrupted by a shutdown (or a lost database) back in the queue; it continues from its last checkpoint. */
    @Transactional
    public boolean requeue(Run run, String reason) {
        changed(run.jobId());
        if (jobs.markRequeued(run.jobId(), run.attempt(), 0) == 0) {
            return refused(run, "requeue");
        }
        events.record(run.jobId(), JobStatus.QUEUED, reason);
        return true;
    }

    /**
     * A transient fault (the database or the disk) interrupted the run: back in the queue to
     * continue from its checkpoint, unless {@code maxRetries} consecutive retries have failed
     * already, which ends the job FAILED with {@code type}.
     *
     * @return the number of this retry (1 for the first), 0 when the job failed instead, -1 when
     *     the write was refused (another run owns the job)
     */
    @Transactional
    public int retryLater(Run run, String type, String message, Integer epoch, int maxRetries, java.util.function.IntFunction<Duration> backoff) {
        changed(run.jobId());
        int done = jobs.findById(run.jobId()).map(Job::getRetries).orElse(0);
        if (done >= maxRetries) {
            return failNow(run, type, message + " (still failing after " + done + " retries)", epoch, null) ? 0 : -1;
        }
        if (jobs.markRequeued(run.jobId(), run.attempt(), 1) == 0) {
            refused(run, "retry");
            return -1;
        }
        events.record(run.jobId(), JobStatus.QUEUED, "transient " + type + " in epoch " + epoch + ": " + message + "; retry " + (done + 1)
                + " of " + maxRetries + " in " + backoff.apply(done + 1).toSeconds() + " s, from the last checkpoint");
        return done + 1;
    }

    /**
     * A user's cancel: a queued job ends CANCELLED at once; a running one is flagged and its worker
     * stops at the next batch boundary.
     *
     * @return true when the job is running and its worker must be told
     * @throws JobConflictException when the job has already finished
     */
    @Transactional
    public boolean cancel(UUID id) {
        changed(id);
        if (jobs.markQueuedCancelled(id, clock.instant()) == 1) {
            events.record(id, JobStatus.CANCELLED, "cancelled while queued");
            return false;
        }
        if (jobs.markCancelRequested(id) == 1) {
            events.record(id, JobStatus.RUNNING, "cancel requested");
            return true;
        }
        Job job = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
        throw new JobConflictException("Job " + id + " has already finished (" + job.getStatus() + "); there is nothing to cancel.");
    }

    /** Removes a finished job, its rows and (after commit) its checkpoint files. */
    @Transactional
    public void delete(UUID id) {
        changed(id);
        Job job = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
        epochs.deleteByJobId(id);
        if (jobs.deleteFinished(id) == 0) {
            throw new JobConflictException("Job " + id + " is " + job.getStatus()
                    + "; cancel it first (POST /api/v1/jobs/" + id + "/cancel), then delete it.");
        }
        AfterTransaction.commit(() -> files.deleteAll(id));
    }

    /** Every change passes here: the snapshot cache forgets the job now, the feed hears of it once committed. */
    private void changed(UUID id) {
        recent.changed(id);
        AfterTransaction.commit(() -> feed.changed(id));
    }

    private RunLostException lost(Run run, String what) {
        refused(run, what);
        return new RunLostException(run);
    }

    private boolean refused(Run run, String what) {
        Job now = jobs.findById(run.jobId()).orElse(null);
        if (now != null && now.getAttempt() == run.attempt()) {
            // The run's own job already ended (a heartbeat racing the run's last write): nothing was taken over.
            log.debug("Job {}: {} after attempt {} ended it {}", run.jobId(), what, run.attempt(), now.getStatus());
            return false;
        }
        log.warn("Job {}: late write refused ({}): attempt {} on node {} no longer owns the job; it is {}", run.jobId(), what,
                run.attempt(), node.name(), now == null ? "deleted"
                        : now.getStatus() + " as attempt " + now.getAttempt() + " on node " + now.getNode());
        metrics.writeRefused();
        return false;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : "..." + text.substring(text.length() - max + 3);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
