package io.descent.job.web;

import io.descent.job.JobSnapshot;
import io.descent.job.JobStatus;
import io.descent.job.spec.JobSpec;
import io.descent.training.TrainingResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job on the wire.
 *
 * @param progress completed epochs / total epochs, 0 to 1
 * @param etaSeconds estimated seconds until the job finishes; null until an epoch has finished
 *     and after the job ends
 * @param latestMetrics the last finished epoch (null in lists and before the first epoch)
 * @param earlyStopping when and why early stopping ended the run; null otherwise
 * @param weightsFromEpoch the epoch whose parameters the job's model holds (see {@link JobSnapshot#weightsFromEpoch()})
 * @param node the node running or last to run the job; null before it started
 * @param resumedFromEpoch when the run continued from a checkpoint (after a crash or a restart), its
 *     epoch; null when it trained from the first epoch. Resumed runs end with the same metrics as
 *     uninterrupted ones: every epoch reseeds from (seed, epoch).
 * @param trial for a study's trial: the study, trial number, stage and sampled parameters; null otherwise
 * @param stopReason why the study's pruner stopped the trial (status PRUNED); null otherwise
 * @param checkpointEpochs the epochs whose checkpoints are kept (the latest ones and those of
 *     {@code checkpoints.keepEvery}), ascending: each can be an ensemble member; null in lists and submission answers
 */
record JobView(
        UUID id,
        String name,
        JobStatus status,
        JobSpec spec,
        String gradientDescentMode,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int currentEpoch,
        int totalEpochs,
        double progress,
        Double etaSeconds,
        EpochMetricsView latestMetrics,
        JobSnapshot.JobError error,
        TrainingResult.EarlyStop earlyStopping,
        Integer weightsFromEpoch,
        String node,
        Integer resumedFromEpoch,
        JobSnapshot.Trial trial,
        String stopReason,
        List<Integer> checkpointEpochs) {

    static JobView of(JobSnapshot job, Instant now) {
        return new JobView(job.id(), job.name(), job.status(), job.spec(), job.gradientDescentMode(), job.createdAt(),
                job.startedAt(), job.finishedAt(), job.completedEpochs(), job.totalEpochs(),
                job.totalEpochs() == 0 ? 0 : job.completedEpochs() / (double) job.totalEpochs(),
                eta(job, now), EpochMetricsView.of(job.latest()), job.error(), job.earlyStopping(), job.weightsFromEpoch(), job.node(), job.resumedFromEpoch(),
                job.trial(), job.stopReason(), job.checkpointEpochs());
    }

    /** Remaining epochs at the mean pace of the finished ones (wall time since start, overhead included). */
    private static Double eta(JobSnapshot job, Instant now) {
        if (job.status() != JobStatus.RUNNING || job.completedEpochs() == 0 || job.startedAt() == null) {
            return null;
        }
        double perEpoch = Duration.between(job.startedAt(), now).toMillis() / 1000.0 / job.completedEpochs();
        return Math.max(0, perEpoch * (job.totalEpochs() - job.completedEpochs()));
    }
}
