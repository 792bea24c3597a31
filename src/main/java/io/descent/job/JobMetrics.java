package io.descent.job;

import io.descent.training.EpochMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Training throughput and queue health for Micrometer. Tags are bounded (outcome only): no job
 * ids or names, which would grow the series without limit.
 */
@Component
public class JobMetrics {

    private final MeterRegistry registry;
    private final Counter samples;
    private final Timer epochDuration;
    private final Timer startLatency;
    private final Counter refusedWrites;

    JobMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
        this.samples = Counter.builder("descent.training.samples")
                .description("Training samples processed; its rate is the training throughput")
                .baseUnit("samples").register(registry);
        this.epochDuration = Timer.builder("descent.training.epoch.duration")
                .description("Wall time of one training epoch, validation included").register(registry);
        this.startLatency = Timer.builder("descent.jobs.start.latency")
                .description("From submission to the first trained batch (includes any wait in the queue)").register(registry);
        this.refusedWrites = Counter.builder("descent.worker.refused.writes")
                .description("Writes of a worker whose job another node had taken over (a stall past the takeover timeout), refused")
                .register(registry);
        Gauge.builder("descent.jobs.queued", jobs, r -> r.countByStatus(JobStatus.QUEUED))
                .description("Jobs waiting in the queue (all nodes)").register(registry);
        Gauge.builder("descent.jobs.running", jobs, r -> r.countByStatus(JobStatus.RUNNING))
                .description("Jobs training now (all nodes)").register(registry);
        for (JobStatus outcome : new JobStatus[] {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.PRUNED}) {
            finished(outcome);
        }
    }

    public void epochFinished(EpochMetrics metrics, int samplesPerEpoch) {
        samples.increment(samplesPerEpoch);
        epochDuration.record(Duration.ofMillis(metrics.durationMs()));
    }

    /** A job's first batch finished; the time since it was submitted. */
    public void firstBatch(java.time.Instant submittedAt) {
        startLatency.record(Duration.between(submittedAt, java.time.Instant.now()));
    }

    void writeRefused() {
        refusedWrites.increment();
    }

    public void jobFinished(JobStatus outcome) {
        finished(outcome).increment();
    }

    private Counter finished(JobStatus outcome) {
        return Counter.builder("descent.jobs.finished").description("Jobs that reached a final state, by outcome")
                .tag("outcome", outcome.name().toLowerCase()).register(registry);
    }
}
