package io.descent.job.worker;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetUnavailableException;
import io.descent.dataset.PreparedData;
import io.descent.job.CancellationSignals;
import io.descent.job.CancellationSignals.Reason;
import io.descent.job.JobLifecycle;
import io.descent.job.JobMetrics;
import io.descent.job.ModelInfo;
import io.descent.job.StartedJob;
import java.util.List;
import io.descent.job.JobStatus;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.InvalidSpecException;
import io.descent.job.spec.JobSpecResolver;
import io.descent.training.DeviceUnavailableException;
import io.descent.training.EpochMetrics;
import io.descent.training.CheckpointException;
import io.descent.training.TrainingDivergedException;
import io.descent.training.checkpoint.ResumePoint;
import io.descent.training.checkpoint.StateWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import io.descent.training.TrainingLoop;
import io.descent.training.TrainingObserver;
import io.descent.training.TrainingResult;
import io.descent.training.catalog.Violation;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one queued job on the worker thread: loads its data, trains it with the training core,
 * records each epoch and the outcome. Every failure ends the job FAILED with a type and a reason;
 * only a shutdown puts it back in the queue.
 */
@Component
class JobWorker {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobLifecycle lifecycle;
    private final JobSpecResolver resolver;
    private final DatasetCatalog datasets;
    private final TrainingLoop loop;
    private final CancellationSignals signals;
    private final JobMetrics metrics;

    JobWorker(JobLifecycle lifecycle, JobSpecResolver resolver, DatasetCatalog datasets, TrainingLoop loop,
            CancellationSignals signals, JobMetrics metrics) {
        this.lifecycle = lifecycle;
        this.resolver = resolver;
        this.datasets = datasets;
        this.loop = loop;
        this.signals = signals;
        this.metrics = metrics;
    }

    /** @return what db-scheduler does with the queue entry: remove it, or put it back after a shutdown */
    CompletionHandler<Void> run(UUID id) {
        Optional<StartedJob> started = lifecycle.start(id);
        if (started.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        AtomicReference<Reason> stop = signals.register(id);
        Observer observer = new Observer(id, stop, started.get().resumeEpoch());
        observer.createdAt = started.get().job().createdAt();
        try {
            AcceptedSpec spec = resolver.resolve(started.get().job().spec());
            log.info("Training job {} ({} epochs on {}, from epoch {})", id, spec.training().epochs(), spec.datasetId(),
                    started.get().resumeEpoch() + 1);
            TrainingResult result;
            try (PreparedData data = datasets.prepare(spec.datasetId(), spec.validation(), spec.normalize(), spec.training().seed());
                    InputStream checkpoint = open(started.get())) {
                observer.samplesPerEpoch = data.data().trainSize();
                lifecycle.recordModelInfo(id, new ModelInfo(spec.datasetId(),
                        datasets.find(spec.datasetId()).map(d -> d.classNames()).orElse(List.of()), data.data().featureSize(),
                        data.data().normalization()));
                ResumePoint resume = checkpoint == null ? null : new ResumePoint(started.get().resumeEpoch(), checkpoint);
                result = loop.run(spec.training(), data.data(), observer, resume);
            }
            if (result.earlyStop() != null) {
                lifecycle.finishEarly(id, result.earlyStop());
                metrics.jobFinished(JobStatus.SUCCEEDED);
                log.info("Job {} SUCCEEDED, stopped early: {}", id, result.earlyStop().reason());
                return new CompletionHandler.OnCompleteRemove<>();
            }
            if (!result.stopped()) {
                return finish(id, JobStatus.SUCCEEDED, "finished " + result.epochsCompleted() + " epochs");
            }
            if (stop.get() == Reason.SHUTDOWN) {
                log.info("Job {} interrupted by shutdown after {} epoch(s); back in the queue", id, observer.completed);
                lifecycle.requeue(id, observer.completed);
                return (complete, operations) -> operations.reschedule(complete, Instant.now());
            }
            return finish(id, JobStatus.CANCELLED, "cancelled after epoch " + observer.completed);
        } catch (InvalidSpecException e) {
            return fail(id, "invalid_spec", e.violations().stream().map(Violation::message).collect(Collectors.joining(" ")), null);
        } catch (TrainingDivergedException e) {
            return fail(id, "diverged", e.getMessage(), e.epoch());
        } catch (DeviceUnavailableException e) {
            return fail(id, "device_unavailable", e.getMessage(), null);
        } catch (DatasetUnavailableException e) {
            return fail(id, "dataset_unavailable", e.getMessage(), null);
        } catch (CheckpointException e) {
            return fail(id, "checkpoint_error", e.getMessage(), observer.completed + 1);
        } catch (OutOfMemoryError e) {
            return fail(id, "out_of_memory", "The node ran out of memory; use a smaller batch size or network.", observer.completed + 1);
        } catch (IOException | RuntimeException e) {
            log.error("Job {} failed in epoch {}", id, observer.completed + 1, e);
            return fail(id, "training_error", e.getClass().getSimpleName() + ": " + e.getMessage(), observer.completed + 1);
        } finally {
            signals.unregister(id);
        }
    }

    private static InputStream open(StartedJob job) {
        if (job.checkpoint() == null) {
            return null;
        }
        try {
            return new BufferedInputStream(Files.newInputStream(job.checkpoint()), 1 << 16);
        } catch (IOException e) {
            throw new CheckpointException("The checkpoint after epoch " + job.resumeEpoch() + " cannot be opened: " + e.getMessage(), e);
        }
    }

    private CompletionHandler<Void> finish(UUID id, JobStatus outcome, String reason) {
        lifecycle.finish(id, outcome, reason);
        metrics.jobFinished(outcome);
        log.info("Job {} {}", id, outcome);
        return new CompletionHandler.OnCompleteRemove<>();
    }

    private CompletionHandler<Void> fail(UUID id, String type, String message, Integer epoch) {
        lifecycle.fail(id, type, message, epoch);
        metrics.jobFinished(JobStatus.FAILED);
        log.info("Job {} FAILED ({}): {}", id, type, message);
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /** Persists each epoch as it finishes; reads the stop flag before each batch. */
    private final class Observer implements TrainingObserver {
        private final UUID id;
        private final AtomicReference<Reason> stop;
        private int samplesPerEpoch;
        private int completed;

        private java.time.Instant createdAt;

        Observer(UUID id, AtomicReference<Reason> stop, int completed) {
            this.id = id;
            this.stop = stop;
            this.completed = completed;
        }

        @Override
        public void epochFinished(EpochMetrics epoch, StateWriter checkpoint) {
            lifecycle.recordEpoch(id, epoch, checkpoint);
            metrics.epochFinished(epoch, samplesPerEpoch);
            completed = epoch.epoch();
        }

        @Override
        public void firstBatchFinished() {
            metrics.firstBatch(createdAt);
        }

        @Override
        public boolean stopRequested() {
            return stop.get() != null;
        }
    }
}
