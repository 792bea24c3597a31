package io.descent.job;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Job snapshots read in the last {@code descent.api.snapshot-ttl}, so a dashboard polling a job
 * costs a map lookup instead of two queries. Measured on the 2-core machine of docs/benchmarks.md:
 * a poll cost ~1 ms of CPU (0.5 ms with If-None-Match), which at 200 polls/s took a quarter to a
 * half of a training job's throughput, since every request pre-empts one of its two threads.
 *
 * <p>Changes made on this node evict the entry at once and again after their transaction commits,
 * so this node never serves a state older than its own last write. Changes made by another node
 * (a shared PostgreSQL) show after at most the time to live.
 */
@Component
public class RecentSnapshots {

    /** Beyond this many entries the map is cleared rather than grown: a cache, not a store. */
    private static final int MAX_ENTRIES = 10_000;

    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public RecentSnapshots(Properties properties) {
        this.ttlNanos = properties.snapshotTtl().toNanos();
    }

    /**
     * @param snapshotTtl how long a read job snapshot answers later reads; 0 turns the cache off
     */
    @ConfigurationProperties("descent.api")
    public record Properties(@DefaultValue("250ms") Duration snapshotTtl) {}

    private record Entry(JobSnapshot snapshot, long readAt) {}

    JobSnapshot get(UUID id, Supplier<JobSnapshot> load) {
        long now = System.nanoTime();
        Entry entry = entries.get(id);
        if (entry != null && now - entry.readAt() < ttlNanos) {
            return entry.snapshot();
        }
        JobSnapshot snapshot = load.get();
        if (ttlNanos > 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(id, new Entry(snapshot, now));
        }
        return snapshot;
    }

    /** The job changed (or is about to, in the current transaction): forget it now and after commit. */
    void changed(UUID id) {
        entries.remove(id);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entries.remove(id);
                }
            });
        }
    }
}
