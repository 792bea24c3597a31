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
 * @param weightsFromEpoch the epoch whose parameters the job's model holds: once the job ended (any
 *     way), the best epoch's with {@code restoreBest}, otherwise the last finished epoch; null before the first
 * @param node the node running or last to run the job
 * @param resumedFromEpoch the checkpoint epoch the current run continued from, null if it started from scratch
 * @param checkpointEpochs the epochs with a kept checkpoint, ascending (each a usable model); null in lists
 * @param version incremented by every state change and finished epoch (the HTTP ETag)
 * @param trial the study this job is a trial of, null for a job submitted on its own
 * @param stopReason why the study's pruner stopped the job (status PRUNED), null otherwise
 * @param owner the id of the API key that created it; null when made without a key
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
        Integer weightsFromEpoch,
        String node,
        Integer resumedFromEpoch,
        List<Integer> checkpointEpochs,
        long version,
        Trial trial,
        String stopReason,
        UUID owner) {

    /**
     * A job's place in a study.
     *
     * @param number from 1, in the order the study created its trials
     * @param stage the study stage (from 0) that created it; the stage after the last is the repeat of the best
     * @param params the sampled value for each JSON pointer of the study's space
     */
    public record Trial(UUID study, int number, int stage, java.util.Map<String, Object> params) {}

    /** Why a job failed. @param epoch the 1-based epoch it failed in, null if before training */
    public record JobError(String type, String message, Integer epoch) {}
}
