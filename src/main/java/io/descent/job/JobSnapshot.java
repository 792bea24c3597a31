package io.descent.job;

import io.descent.job.spec.JobSpec;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the rest of the application sees it: a read-only copy of the entity's state.
 *
 * @param latest metrics of the last finished epoch, null before the first
 * @param error null unless the job failed
 * @param earlyStopping non-null when early stopping ended the run, with when and why
 * @param node the node running or last to run the job
 * @param resumedFromEpoch the checkpoint epoch the current run continued from, null if it started from scratch
 * @param checkpointEpochs the epochs with a kept checkpoint, ascending (each a usable model); null in lists
 * @param version incremented by every state change and finished epoch (the HTTP ETag)
 */
public record JobSnapshot(
        UUID id,
        String name,
        JobStatus status,
        JobSpec spec,
        String gradientDescentMode,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int completedEpochs,
        int totalEpochs,
        EpochMetrics latest,
        JobError error,
        TrainingResult.EarlyStop earlyStopping,
        String node,
        Integer resumedFromEpoch,
        List<Integer> checkpointEpochs,
        long version) {

    /** Why a job failed. @param epoch the 1-based epoch it failed in, null if before training */
    public record JobError(String type, String message, Integer epoch) {}
}
