package io.descent.job.pool;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The node's account of the memory its trainers' running jobs are estimated to need. A job is
 * admitted when it fits in what the budget has left, or when no trainer holds anything: a job
 * bigger than the budget (it passed {@code max-job-memory} at submission) then runs alone rather
 * than never. Reservations are per trainer, so a trainer that dies gives back all of its own.
 * Thread-safe.
 */
final class MemoryLedger {

    private final long budget;
    private final Map<String, Map<UUID, Long>> held = new HashMap<>();
    private long total;

    /** @param budget bytes all trainers' running jobs may be estimated to need together */
    MemoryLedger(long budget) {
        this.budget = budget;
    }

    /** @return whether {@code trainer} may start {@code job} now; if so, its bytes are held until released */
    synchronized boolean reserve(String trainer, UUID job, long bytes) {
        Map<UUID, Long> own = held.computeIfAbsent(trainer, t -> new HashMap<>());
        Long previous = own.remove(job);
        if (previous != null) {
            total -= previous;
        }
        if (total > 0 && total + bytes > budget) {
            return false;
        }
        own.put(job, bytes);
        total += bytes;
        return true;
    }

    synchronized void release(String trainer, UUID job) {
        Map<UUID, Long> own = held.get(trainer);
        Long bytes = own == null ? null : own.remove(job);
        if (bytes != null) {
            total -= bytes;
        }
    }

    /** Everything {@code trainer} held: it died, or its line to the node closed. */
    synchronized void releaseAll(String trainer) {
        Map<UUID, Long> own = held.remove(trainer);
        if (own != null) {
            total -= own.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    synchronized long reserved() {
        return total;
    }

    long budget() {
        return budget;
    }
}
