package io.descent.preflight;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.PreparedData;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.preflight.PreflightReport.InitialLossCheck;
import io.descent.preflight.PreflightReport.OverfitCheck;
import io.descent.system.InvalidParameterException;
import io.descent.training.DeviceUnavailableException;
import io.descent.training.TrainingLoop;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Service;

/**
 * Checks a job spec before anything is queued: the initial loss against chance and whether the
 * network can fit a tiny subset ({@link PreflightReport}). Synchronous, bounded in subset size,
 * steps ({@code descent.preflight.*}) and wall-clock time, at most {@code max-concurrent} at once
 * on a node. Nothing is stored.
 *
 * <p>For other features (a study runs it before its first stage): call {@link #check(JobSpec)}
 * from any thread; it blocks for at most about {@code descent.preflight.timeout}.
 */
@Service
public class Preflight implements AutoCloseable {

    /** How long past the timeout a caller waits for a check that is stopping at its next step. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final JobSpecResolver resolver;
    private final DatasetCatalog datasets;
    private final PreflightChecks checks;
    private final PreflightProperties properties;
    private final Semaphore slots;
    private final ExecutorService runner;

    Preflight(JobSpecResolver resolver, DatasetCatalog datasets, TrainingLoop loop, PreflightProperties properties) {
        this.resolver = resolver;
        this.datasets = datasets;
        this.checks = new PreflightChecks(loop);
        this.properties = properties;
        this.slots = new Semaphore(properties.maxConcurrent());
        AtomicInteger threads = new AtomicInteger();
        this.runner = Executors.newFixedThreadPool(properties.maxConcurrent(), task -> {
            Thread thread = new Thread(task, "preflight-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@link #check(JobSpec, PreflightOptions)} with 20 samples and at most 200 steps. */
    public PreflightReport check(JobSpec spec) {
        return check(spec, PreflightOptions.DEFAULTS);
    }

    /**
     * @throws io.descent.job.spec.InvalidSpecException exactly as {@code POST /api/v1/jobs} would refuse the spec (400, or 422 when too large)
     * @throws InvalidParameterException when {@code options} are outside this node's bounds
     * @throws PreflightBusyException (503) when this node already runs {@code max-concurrent} preflights
     * @throws io.descent.dataset.DatasetUnavailableException (409) when the dataset cannot be read here
     */
    public PreflightReport check(JobSpec spec, PreflightOptions options) {
        AcceptedSpec accepted = resolver.resolve(spec);
        checkBounds(options);
        if (!slots.tryAcquire()) {
            throw new PreflightBusyException(properties.maxConcurrent(), properties.retryAfter());
        }
        long started = System.nanoTime();
        long deadline = started + properties.timeout().toNanos();
        AtomicBoolean abandoned = new AtomicBoolean();
        BooleanSupplier timeUp = () -> abandoned.get() || System.nanoTime() - deadline > 0;
        Future<PreflightReport> report;
        try {
            report = runner.submit(() -> {
                try (PreparedData data = datasets.prepare(accepted.datasetId(), accepted.validation(), accepted.normalize(),
                        accepted.training().seed())) {
                    return checks.run(accepted.training(), data.data(), options, timeUp);
                } finally {
                    // Released when the checks end, not when the caller stops waiting: a check that
                    // outlived its caller still holds memory and a place in the engine's queue.
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        try {
            return report.get(properties.timeout().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            return waitedTooLong(accepted, options, (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            abandoned.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a preflight", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeviceUnavailableException device) {
                throw new PreflightImpossibleException(device.getMessage() + " Run the preflight on a node that has it, or use \"device\": \"auto\".", device);
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Bounds of this node; callers that take options from users should validate them with this. */
    public void checkBounds(PreflightOptions options) {
        if (options.subsetSize() < 1 || options.subsetSize() > properties.maxSubsetSize()) {
            throw new InvalidParameterException("subsetSize", "\"subsetSize\" must be from 1 to " + properties.maxSubsetSize()
                    + " (descent.preflight.max-subset-size); got " + options.subsetSize() + ".");
        }
        if (options.maxSteps() < 1 || options.maxSteps() > properties.maxSteps()) {
            throw new InvalidParameterException("maxSteps", "\"maxSteps\" must be from 1 to " + properties.maxSteps()
                    + " (descent.preflight.max-steps); got " + options.maxSteps() + ".");
        }
    }

    /** The checks never got the engine (or the data) within the timeout; nothing was measured. */
    private PreflightReport waitedTooLong(AcceptedSpec accepted, PreflightOptions options, long durationMs) {
        String reason = "Timed out after " + durationMs / 1000 + " s (descent.preflight.timeout) before the checks could start: "
                + "another run holds the engine, or the dataset is slow to load.";
        String advice = "Try again when the node is idle, or on another node.";
        return PreflightReport.of(new InitialLossCheck(Verdict.FAIL, null, null, null, null, null, reason, advice),
                new OverfitCheck(Verdict.FAIL, options.subsetSize(), options.maxSteps(), null, null, null, null, null, reason, advice),
                accepted.training().seed(), durationMs);
    }

    /** Preflights running on this node now, including ones whose caller stopped waiting. */
    int running() {
        return properties.maxConcurrent() - slots.availablePermits();
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
