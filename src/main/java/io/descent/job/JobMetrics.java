package io.descent.job;

import io.descent.training.EpochMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
    private final AtomicInteger training = new AtomicInteger();
    /** The current job's samples per second as a double's bits; 0 while idle. */
    private final AtomicLong rate = new AtomicLong(Double.doubleToLongBits(0));

    JobMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
        this.jobs = jobs;
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
        Gauge.builder("descent.node.training", training, AtomicInteger::get)
                .description("1 while this node trains a job, else 0; sum() over nodes counts busy trainers").register(registry);
        Gauge.builder("descent.node.samples.per.second", rate, r -> Double.longBitsToDouble(r.get()))
                .description("Samples per second of the job this node trains now (latest progress report or epoch), 0 when idle")
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
    }

    public void epochFinished(EpochMetrics metrics) {
        epochDuration.record(Duration.ofMillis(metrics.durationMs()));
        trainingAt(metrics.samplesPerSecond());
    }

    /** This node started (or resumed) training a job; {@code trial} when it is a study's trial starting from its beginning. */
    public void runStarted(boolean trialFromStart) {
        training.set(1);
        if (trialFromStart) {
            trials("started").increment();
        }
    }

    /** The current job's throughput, from a progress report inside an epoch. */
    public void trainingAt(double samplesPerSecond) {
        rate.set(Double.doubleToLongBits(samplesPerSecond));
    }

    /** This node's run ended, however it ended (finished, failed, stopped, lost). */
    public void runEnded() {
        training.set(0);
        rate.set(Double.doubleToLongBits(0));
    }

    /** A job's first batch finished; the time since it was submitted. */
    public void firstBatch(Instant submittedAt) {
        startLatency.record(Duration.between(submittedAt, Instant.now()));
    }

    void writeRefused() {
        refusedWrites.increment();
    }

    /**
     * Counted where every final transition passes ({@link JobEvents}), after it commits, on the
     * node that made it: a job failed at start ({@code crash_loop}, {@code timeout}) or cancelled
     * while queued counts as much as one a worker finished.
     */
    @TransactionalEventListener
    void jobEnded(JobEnded event) {
        finished(event.status()).increment();
        if (event.failureType() != null) {
            failures(event.failureType()).increment();
        }
        if (jobs.findStudyId(event.jobId()) != null) {
            trials(event.status().name().toLowerCase()).increment();
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
