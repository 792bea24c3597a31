package io.descent.job;

import io.descent.training.EpochMetrics;
import java.util.Optional;

/**
 * Asked by the worker after each recorded epoch of a study's trial whether to stop it (the study
 * package implements it; jobs do not depend on studies).
 */
public interface TrialPruning {

    /**
     * @param job the trial's job
     * @param epoch the epoch just recorded (already in the database)
     * @param totalEpochs the trial's epochs
     * @return why the trial should stop now, or empty to go on
     */
    Optional<String> check(java.util.UUID job, JobSnapshot.Trial trial, EpochMetrics epoch, int totalEpochs);
}
