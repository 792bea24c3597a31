package io.descent.job.spec;

import io.descent.dataset.ValidationSplit;
import io.descent.training.TrainingSpec;

/**
 * A spec that passed every check.
 *
 * @param canonical the spec as stored and shown: every default filled in
 * @param training what the training core runs
 */
public record AcceptedSpec(JobSpec canonical, TrainingSpec training, String datasetId, ValidationSplit validation, String normalize,
        RunLimits limits) {}
