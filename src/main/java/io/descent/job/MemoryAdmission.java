package io.descent.job;

import java.util.UUID;

/**
 * Whether this process may start a job now, given the memory it is estimated to need: the trainer
 * processes of one node share one budget ({@code descent.worker.memory-budget}), which the node
 * keeps. A process that trains its own jobs one at a time has no such bean; the check at
 * submission ({@code descent.limits.max-job-memory}) is all it needs.
 */
public interface MemoryAdmission {

    /**
     * @param bytes the job's estimate
     * @return a reservation, to close when the run ends; null when the node's other trainers hold too
     *     much of the budget now (the job stays queued and is tried again)
     */
    Reservation reserve(UUID job, long bytes);

    /** Memory set aside for one run. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
