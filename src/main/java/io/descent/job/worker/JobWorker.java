package io.descent.job.worker;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetUnavailableException;
import io.descent.dataset.PreparedData;
import io.descent.job.ActiveRuns;
import io.descent.job.ActiveRuns.ActiveRun;
import io.descent.job.ActiveRuns.Reason;
import io.descent.job.JobLifecycle;
import io.descent.job.JobMetrics;
import io.descent.job.JobSnapshot;
import io.descent.job.MemoryAdmission;
import io.descent.job.TrialPruning;
import io.descent.job.JobStatus;
import io.descent.job.ModelInfo;
import io.descent.job.Run;
import io.descent.job.RunLostException;
import io.descent.job.StartedJob;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.InvalidSpecException;
import io.descent.job.spec.JobSpecResolver;
import io.descent.system.MemorySize;
import io.descent.training.CheckpointException;
import io.descent.training.DeviceUnavailableException;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingDivergedException;
import io.descent.training.TrainingLoop;
import io.descent.training.TrainingObserver;
import io.descent.training.TrainingResult;
import io.descent.training.catalog.Violation;
import io.descent.training.checkpoint.CheckpointFile;
import io.descent.training.checkpoint.EpochPosition;
import io.descent.training.checkpoint.ResumePoint;
import io.descent.training.checkpoint.StateWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs one queued job on the worker thread: loads its data, trains it with the training core,
 * records each epoch and the outcome. The job's own faults (a bad spec, divergence, unreadable
 * data, no such device) end it FAILED with a type and a reason; faults of the node (the database
 * or the disk) put it back in the queue to continue from its checkpoint ({@link TransientFaults});
 * a shutdown requeues it; a run that lost its job to another node stops without a write.
 */
@Component
class JobWorker {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    /** How soon a job that did not fit the pool's memory budget is tried again. */
    private static final Duration MEMORY_RETRY = Duration.ofSeconds(1);

    private final JobLifecycle lifecycle;
    private final JobSpecResolver resolver;
    private final DatasetCatalog datasets;
    private final TrainingLoop loop;
    private final ActiveRuns runs;
    private final JobMetrics metrics;
    private final WorkerProperties properties;
    private final TransientFaults faults;
    private final ObjectProvider<TrialPruning> pruning;
    private final io.descent.job.JobFeed feed;
    private final ObjectProvider<MemoryAdmission> admission;
    /** Jobs whose wait for memory was logged, so that each is logged once. */
    private final Set<UUID> waitingForMemory = ConcurrentHashMap.newKeySet();

    JobWorker(JobLifecycle lifecycle, JobSpecResolver resolver, DatasetCatalog datasets, TrainingLoop loop, ActiveRuns runs,
            JobMetrics metrics, WorkerProperties properties, TransientFaults faults, ObjectProvider<TrialPruning> pruning,
            io.descent.job.JobFeed feed, ObjectProvider<MemoryAdmission> admission) {
        this.feed = feed;
        this.admission = admission;
        this.pruning = pruning;
        this.lifecycle = lifecycle;
        this.resolver = resolver;
        this.datasets = datasets;
        this.loop = loop;
        this.runs = runs;
        this.metrics = metrics;
        this.properties = properties;
        this.faults = faults;
    }

    /** @return what db-scheduler does with the queue entry: remove it, put it back, or leave it to the run that owns it */
    CompletionHandler<Void> run(UUID id) {
        MemoryAdmission admission = this.admission.getIfAvailable();
        if (admission == null) {
            return admitted(id);
        }
        long bytes = estimatedMemory(id);
        MemoryAdmission.Reservation reservation = admission.reserve(id, bytes);
        if (reservation == null) {
            // Left in the queue, untouched, for this or a sibling trainer to try again shortly
            // (every release of memory wakes the trainers).
            if (waitingForMemory.add(id)) {
                log.info("Job {} waits for memory: it needs about {}, more than the pool's budget has left "
                        + "(descent.worker.memory-budget)", id, MemorySize.describe(bytes));
            }
            return (complete, operations) -> operations.reschedule(complete, Instant.now().plus(MEMORY_RETRY));
        }
        waitingForMemory.remove(id);
        try {
            return admitted(id);
        } finally {
            reservation.close();
        }
    }

    /** The job's estimate as admission control computes it; 0 when its spec no longer resolves (start says why). */
    private long estimatedMemory(UUID id) {
        try {
            return lifecycle.startableSpec(id).map(spec -> resolver.resolve(spec).estimatedMemory()).orElse(0L);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private CompletionHandler<Void> admitted(UUID id) {
        Optional<StartedJob> started = lifecycle.start(id);
        if (started.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        StartedJob job = started.get();
        ActiveRun active = runs.register(job.run(), properties.takeoverTimeout(), job.deadline());
        Observer observer = new Observer(active, job.resumeEpoch(), job.job().createdAt(), job.job().trial(), job.job().totalEpochs());
        metrics.runStarted(job.job().trial() != null && job.resumeEpoch() == 0 && job.resumeStep() == 0);
        try {
            return train(job, active, observer);
        } catch (RunLostException e) {
            return lost(active);
        } catch (InvalidSpecException e) {
            return fail(active, "invalid_spec", e.violations().stream().map(Violation::message).collect(Collectors.joining(" ")), null);
        } catch (TrainingDivergedException e) {
            return fail(active, "diverged", e.getMessage(), e.epoch(), e.weightsFromEpoch() > 0 ? e.weightsFromEpoch() : null);
        } catch (DeviceUnavailableException e) {
            return fail(active, "device_unavailable", e.getMessage(), null);
        } catch (DatasetUnavailableException e) {
            return fail(active, "dataset_unavailable", e.getMessage(), null);
        } catch (OutOfMemoryError e) {
            return fail(active, "out_of_memory", "The node ran out of memory; use a smaller batch size or network.", observer.completed + 1);
        } catch (RuntimeException e) {
            return interrupted(active, observer, e);
        } finally {
            runs.unregister(active);
            metrics.runEnded();
        }
    }

    private CompletionHandler<Void> train(StartedJob job, ActiveRun active, Observer observer) throws RunLostException {
        Run run = job.run();
        AcceptedSpec spec = resolver.resolve(job.job().spec());
        log.info("Training job {} ({} epochs on {}, from epoch {}{}, attempt {})", run.jobId(), spec.training().epochs(), spec.datasetId(),
                job.resumeEpoch() + 1, job.resumeStep() > 0 ? " after batch " + job.resumeStep() : "", run.attempt());
        TrainingResult result;
        try (PreparedData data = datasets.prepare(spec.datasetId(), spec.validation(), spec.normalize(), spec.training().seed());
                InputStream checkpoint = open(job)) {
            lifecycle.recordModelInfo(run, new ModelInfo(spec.datasetId(),
                    datasets.find(spec.datasetId()).map(d -> d.classNames()).orElse(List.of()), data.data().featureSize(),
                    data.data().normalization()));
            ResumePoint resume = checkpoint == null ? null : new ResumePoint(job.resumeEpoch(), checkpoint);
            result = loop.run(spec.training(), data.data(), observer, resume);
        } catch (IOException e) {
            throw new CheckpointException("The checkpoint could not be closed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (result.earlyStop() != null) {
            return lifecycle.finishEarly(run, result.earlyStop(), result.weightsFromEpoch()) ? finished(run, JobStatus.SUCCEEDED) : lost(active);
        }
        if (!result.stopped()) {
            String reason = "finished " + result.epochsCompleted() + " epochs";
            return lifecycle.finish(run, JobStatus.SUCCEEDED, reason, result.weightsFromEpoch()) ? finished(run, JobStatus.SUCCEEDED) : lost(active);
        }
        return stopped(active, observer, result.weightsFromEpoch() > 0 ? result.weightsFromEpoch() : null);
    }

    /**
     * The batch loop stopped because someone or something asked it to; the reason decides what follows.
     *
     * @param weightsFrom the epoch whose parameters a job ended here holds (the best one with restoreBest), null when unknown
     */
    private CompletionHandler<Void> stopped(ActiveRun active, Observer observer, Integer weightsFrom) {
        Run run = active.run();
        return switch (active.reason()) {
            case SHUTDOWN -> requeue(active, "node shut down " + (observer.keptStep > 0
                    ? "in epoch " + (observer.completed + 1) + " after batch " + observer.keptStep + ", which it kept"
                    : "after epoch " + observer.completed) + "; back in the queue");
            case CANCELLED -> lifecycle.finish(run, JobStatus.CANCELLED, "cancelled after epoch " + observer.completed, weightsFrom)
                    ? finished(run, JobStatus.CANCELLED) : lost(active);
            case TIMEOUT -> fail(active, "timeout", "The job reached its maxRuntime after " + observer.completed
                    + " finished epoch(s), which are kept (the model is usable); raise maxRuntime to train longer.", observer.completed + 1,
                    weightsFrom);
            case UNREACHABLE -> {
                log.warn("Job {}: no heartbeat reached the database for {} s (more than the takeover timeout); stopped training",
                        run.jobId(), active.sinceHeartbeat().toSeconds());
                yield requeue(active, "node lost contact with the database for " + active.sinceHeartbeat().toSeconds()
                        + " s after epoch " + observer.completed + "; back in the queue");
            }
            case PRUNED -> lifecycle.finishPruned(run, observer.pruned, weightsFrom) ? finished(run, JobStatus.PRUNED) : lost(active);
            case LOST -> lost(active);
        };
    }

    /**
     * An exception that is not the job's fault. During a shutdown (the thread may have been
     * interrupted in a write) it requeues the job; a transient fault of the database or the disk
     * is retried from the checkpoint with backoff; anything else fails the job.
     */
    private CompletionHandler<Void> interrupted(ActiveRun active, Observer observer, RuntimeException e) {
        Run run = active.run();
        if (active.reason() == Reason.SHUTDOWN) {
            log.info("Job {}: {} during shutdown; requeueing", run.jobId(), e.toString());
            return requeue(active, "node shut down in epoch " + (observer.completed + 1) + "; back in the queue");
        }
        if (active.reason() == Reason.LOST || active.reason() == Reason.UNREACHABLE) {
            return stopped(active, observer, null);
        }
        if (e instanceof CheckpointException && !faults.isTransient(e)) {
            return fail(active, "checkpoint_error", e.getMessage(), observer.completed + 1);
        }
        if (!faults.isTransient(e)) {
            log.error("Job {} failed in epoch {}", run.jobId(), observer.completed + 1, e);
            return fail(active, "training_error", "Training failed in epoch " + (observer.completed + 1) + " (" + e.getClass().getSimpleName()
                    + "); the node's log has the details.", observer.completed + 1);
        }
        log.warn("Job {}: transient fault in epoch {}", run.jobId(), observer.completed + 1, e);
        return faults.retry(run, e, observer.completed + 1);
    }

    private static InputStream open(StartedJob job) {
        if (job.checkpoint() == null) {
            return null;
        }
        try {
            return CheckpointFile.open(job.checkpoint());
        } catch (IOException e) {
            throw new CheckpointException("The checkpoint after epoch " + job.resumeEpoch() + " cannot be opened ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private CompletionHandler<Void> requeue(ActiveRun active, String reason) {
        if (!faults.requeue(active.run(), reason)) {
            return lost(active);
        }
        log.info("Job {}: {}", active.run().jobId(), reason);
        return (complete, operations) -> operations.reschedule(complete, Instant.now());
    }

    private CompletionHandler<Void> finished(Run run, JobStatus outcome) {
        log.info("Job {} {}", run.jobId(), outcome);
        return new CompletionHandler.OnCompleteRemove<>();
    }

    private CompletionHandler<Void> fail(ActiveRun active, String type, String message, Integer epoch) {
        return fail(active, type, message, epoch, null);
    }

    /** @param weightsFrom the epoch whose parameters the model holds, null for the last finished one */
    private CompletionHandler<Void> fail(ActiveRun active, String type, String message, Integer epoch, Integer weightsFrom) {
        if (!lifecycle.fail(active.run(), type, message, epoch, weightsFrom)) {
            return lost(active);
        }
        log.info("Job {} FAILED ({}): {}", active.run().jobId(), type, message);
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /**
     * Another run owns the job now, and with it the queue entry (db-scheduler revived it for that
     * run's node): leave both alone.
     */
    private static CompletionHandler<Void> lost(ActiveRun active) {
        log.warn("Job {}: attempt {} stopped without writing: the job belongs to a newer attempt", active.run().jobId(),
                active.run().attempt());
        return (complete, operations) -> {};
    }

    /** Persists each epoch as it finishes; asks the run's flag and watchdogs before each batch. */
    private final class Observer implements TrainingObserver {
        private final ActiveRun active;
        private final Instant createdAt;
        private final JobSnapshot.Trial trial;
        private final int totalEpochs;
        /** Why the study's pruner stopped this trial; null while it goes on. */
        private String pruned;
        private int completed;
        /** With restoreBest, the epoch whose checkpoint is kept as the model should the run end now; null otherwise. */
        private Integer bestSoFar;
        /** Batches of the epoch in progress kept by a checkpoint at shutdown; 0 when none. */
        private int keptStep;

        Observer(ActiveRun active, int completed, Instant createdAt, JobSnapshot.Trial trial, int totalEpochs) {
            this.active = active;
            this.trial = trial;
            this.totalEpochs = totalEpochs;
            this.completed = completed;
            this.createdAt = createdAt;
        }

        @Override
        public void bestEpochSoFar(int epoch) {
            bestSoFar = epoch;
        }

        @Override
        public void epochFinished(EpochMetrics epoch, StateWriter checkpoint) {
            lifecycle.recordEpoch(active.run(), epoch, checkpoint, bestSoFar);
            metrics.epochFinished(epoch);
            completed = epoch.epoch();
            TrialPruning pruner = trial == null ? null : pruning.getIfAvailable();
            if (pruner != null && epoch.epoch() < totalEpochs) {
                try {
                    pruner.check(active.run().jobId(), trial, epoch, totalEpochs).ifPresent(reason -> {
                        pruned = reason;
                        active.stop(Reason.PRUNED);
                    });
                } catch (RuntimeException e) {
                    // Pruning only saves budget: a trial whose check failed (the database, say) trains on.
                    log.warn("Job {}: the study's pruner could not judge epoch {}; training goes on", active.run().jobId(), epoch.epoch(), e);
                }
            }
        }

        /**
         * A shutdown stopped the run inside an epoch: its batches so far are kept, so the next run
         * trains only the rest. If that fails, the next run redoes the epoch, as after a crash.
         */
        @Override
        public void stoppedInEpoch(EpochPosition position, StateWriter state) {
            if (active.reason() != Reason.SHUTDOWN) {
                return;
            }
            try {
                if (lifecycle.recordInEpoch(active.run(), completed, position.step(), state)) {
                    keptStep = position.step();
                }
            } catch (RuntimeException e) {
                log.warn("Job {}: the checkpoint in epoch {} could not be kept; the epoch will be trained again", active.run().jobId(),
                        completed + 1, e);
            }
        }

        @Override
        public java.time.Duration progressInterval() {
            return properties.progressInterval();
        }

        @Override
        public void progress(io.descent.training.Progress progress) {
            feed.progress(active.run().jobId(), progress);
            metrics.trainingAt(progress.samplesPerSecond());
        }

        @Override
        public void batchFinished(int rows) {
            metrics.samplesTrained(rows);
        }

        @Override
        public void firstBatchFinished() {
            metrics.firstBatch(createdAt);
        }

        @Override
        public boolean stopRequested() {
            return active.shouldStop();
        }
    }
}
