package io.descent.job;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The queue as the database sees it: the same value on every node that reports it, so a fleet
 * aggregates these with {@code max()}, never {@code sum()} (the {@code descent_fleet_} prefix says
 * so). Only nodes serving the API report them (a fleet has few of those and many workers), and one
 * grouped query at most every {@link #FRESH_FOR} serves all three gauges however often they are
 * scraped.
 */
@Component
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class FleetMetrics {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    record Queue(long queued, long running, Instant oldestQueued) {}

    private final LoadingCache<Boolean, Queue> queue;
    private final Clock clock;

    FleetMetrics(MeterRegistry registry, JobRepository jobs, Clock clock) {
        this.clock = clock;
        this.queue = Caffeine.newBuilder().expireAfterWrite(FRESH_FOR).build(key -> read(jobs));
        Gauge.builder("descent.fleet.jobs.queued", this, m -> m.queue().queued())
                .description("Jobs waiting in the queue, all nodes (the same on every API node: aggregate with max())").register(registry);
        Gauge.builder("descent.fleet.jobs.running", this, m -> m.queue().running())
                .description("Jobs training now, all nodes (the same on every API node: aggregate with max())").register(registry);
        Gauge.builder("descent.fleet.queue.oldest.age", this, FleetMetrics::oldestAgeSeconds).baseUnit("seconds")
                .description("How long the oldest queued job has waited since submission, 0 when none waits (aggregate with max())")
                .register(registry);
    }

    Queue queue() {
        return queue.get(Boolean.TRUE);
    }

    private double oldestAgeSeconds() {
        Instant oldest = queue().oldestQueued();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private static Queue read(JobRepository jobs) {
        long queued = 0;
        long running = 0;
        Instant oldest = null;
        for (Object[] row : jobs.countActiveByStatus()) {
            JobStatus status = (JobStatus) row[0];
            long count = ((Number) row[1]).longValue();
            if (status == JobStatus.QUEUED) {
                queued = count;
                oldest = (Instant) row[2];
            } else {
                running = count;
            }
        }
        return new Queue(queued, running, oldest);
    }
}
