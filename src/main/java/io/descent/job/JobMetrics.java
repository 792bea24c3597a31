package io.descent.job;

import io.descent.training.EpochMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What this node does, for Micrometer: every series here is the node's own, so summing it over a
 * fleet gives the fleet's figure ({@link FleetMetrics} has the database-wide counts). Tags are
 * bounded (an outcome, a failure type from the code, a trial event): no job ids or names, which
 * would grow the series without limit.
 */
@Component
public class JobMetrics {

    /**
     * Every {@code errorType} a job can fail with (openapi.yaml's enum; a test keeps the two in
     * step). Registered at start, so each failure series exists at 0 before its first failure and
     * {@code increase()} sees that first one.
     */
    static final List<String> FAILURE_TYPES = List.of("diverged", "invalid_spec", "device_unavailable", "dataset_unavailable",
            "out_of_memory", "checkpoint_error", "database_error", "crash_loop", "timeout", "training_error");

    private final MeterRegistry registry;
    private final JobRepository jobs;
    private final Counter samples;
    private final Timer epochDuration;
    private final Timer startLatency;
    private final Counter refusedWrites;
    /** Who trains now on this node: {@link #SELF} or a trainer process of its pool, with its current pace. */
    private final Map<String, Double> training = new ConcurrentHashMap<>();
    private final ObjectProvider<Relay> relay;

    /** The node's own training loop, as opposed to a trainer process of its pool. */
    public static final String SELF = "";

    /**
     * Where a trainer process of a pool also sends what it counts, so the node that supervises it
     * shows the sum of its trainers on its own scrape. Absent on a node that is not such a trainer.
     */
    public interface Relay {
        void samplesTrained(int rows);

        void epochFinished(long durationMs, double samplesPerSecond);

        void runStarted(boolean trialFromStart);

        void trainingAt(double samplesPerSecond);

        void runEnded();

        void firstBatch(Instant submittedAt);

        void jobEnded(JobStatus status, String failureType, boolean trial);

        void writeRefused();
    }

    JobMetrics(MeterRegistry registry, JobRepository jobs, ObjectProvider<Relay> relay) {
        this.registry = registry;
        this.jobs = jobs;
        this.relay = relay;
        this.samples = Counter.builder("descent.training.samples")
                .description("Training samples this node has processed, counted after every batch; its rate is the node's throughput")
                .baseUnit("samples").register(registry);
        this.epochDuration = Timer.builder("descent.training.epoch.duration")
                .description("Wall time of one training epoch on this node, validation included").register(registry);
        this.startLatency = Timer.builder("descent.jobs.start.latency")
                .description("From submission to the first trained batch (includes any wait in the queue)").register(registry);
        this.refusedWrites = Counter.builder("descent.worker.refused.writes")
                .description("Writes of a worker whose job another node had taken over (a stall past the takeover timeout), refused")
                .register(registry);
        Gauge.builder("descent.node.training", training, Map::size)
                .description("Jobs this node trains now (one per busy trainer process of its pool), 0 when idle; sum() over nodes counts busy trainers")
                .register(registry);
        Gauge.builder("descent.node.samples.per.second", training, t -> t.values().stream().mapToDouble(Double::doubleValue).sum())
                .description("Samples per second of the jobs this node trains now (latest progress report or epoch of each), 0 when idle")
                .register(registry);
        for (JobStatus outcome : new JobStatus[] {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.PRUNED}) {
            finished(outcome);
            trials(outcome.name().toLowerCase());
        }
        trials("started");
        FAILURE_TYPES.forEach(this::failures);
    }

    /** A batch of {@code rows} samples was trained: the counter moves within epochs, not only at their end. */
    public void samplesTrained(int rows) {
        samples.increment(rows);
        relay.ifAvailable(r -> r.samplesTrained(rows));
    }

    public void epochFinished(EpochMetrics metrics) {
        epochFinished(SELF, metrics.durationMs(), metrics.samplesPerSecond());
        relay.ifAvailable(r -> r.epochFinished(metrics.durationMs(), metrics.samplesPerSecond()));
    }

    /** This node started (or resumed) training a job; {@code trialFromStart} when it is a study's trial starting from its beginning. */
    public void runStarted(boolean trialFromStart) {
        runStarted(SELF, trialFromStart);
        relay.ifAvailable(r -> r.runStarted(trialFromStart));
    }

    /** The current job's throughput, from a progress report inside an epoch. */
    public void trainingAt(double samplesPerSecond) {
        trainingAt(SELF, samplesPerSecond);
        relay.ifAvailable(r -> r.trainingAt(samplesPerSecond));
    }

    /** This node's run ended, however it ended (finished, failed, stopped, lost). */
    public void runEnded() {
        runEnded(SELF);
        relay.ifAvailable(Relay::runEnded);
    }

    /** A job's first batch finished; the time since it was submitted. */
    public void firstBatch(Instant submittedAt) {
        startLatency.record(Duration.between(submittedAt, Instant.now()));
        relay.ifAvailable(r -> r.firstBatch(submittedAt));
    }

    void writeRefused() {
        refusedWrites.increment();
        relay.ifAvailable(Relay::writeRefused);
    }

    /**
     * Counted where every final transition passes ({@link JobEvents}), after it commits, on the
     * node that made it: a job failed at start ({@code crash_loop}, {@code timeout}) or cancelled
     * while queued counts as much as one a worker finished.
     */
    @TransactionalEventListener
    void jobEnded(JobEnded event) {
        boolean trial = jobs.findStudyId(event.jobId()) != null;
        ended(event.status(), event.failureType(), trial);
        relay.ifAvailable(r -> r.jobEnded(event.status(), event.failureType(), trial));
    }

    // What a trainer process of this node's pool relays (source: the trainer's name).

    public void samplesTrained(String source, long rows) {
        samples.increment(rows);
    }

    public void epochFinished(String source, long durationMs, double samplesPerSecond) {
        epochDuration.record(Duration.ofMillis(durationMs));
        trainingAt(source, samplesPerSecond);
    }

    public void runStarted(String source, boolean trialFromStart) {
        training.put(source, 0.0);
        if (trialFromStart) {
            trials("started").increment();
        }
    }

    public void trainingAt(String source, double samplesPerSecond) {
        training.computeIfPresent(source, (k, v) -> samplesPerSecond);
    }

    public void runEnded(String source) {
        training.remove(source);
    }

    public void firstBatch(String source, Instant submittedAt) {
        startLatency.record(Duration.between(submittedAt, Instant.now()));
    }

    public void writeRefused(String source) {
        refusedWrites.increment();
    }

    public void ended(JobStatus status, String failureType, boolean trial) {
        finished(status).increment();
        if (failureType != null) {
            failures(failureType).increment();
        }
        if (trial) {
            trials(status.name().toLowerCase()).increment();
        }
    }

    private Counter finished(JobStatus outcome) {
        return Counter.builder("descent.jobs.finished").description("Jobs that reached a final state, by outcome")
                .tag("outcome", outcome.name().toLowerCase()).register(registry);
    }

    private Counter failures(String type) {
        return Counter.builder("descent.jobs.failures").description("Jobs that failed, by the errorType of the job view")
                .tag("type", type).register(registry);
    }

    private Counter trials(String event) {
        return Counter.builder("descent.study.trials").description("Study trials started from their beginning, and trials ended by outcome")
                .tag("event", event).register(registry);
    }
}
