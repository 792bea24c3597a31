package io.descent.job.spec;

import io.descent.dataset.ValidationSplit;
import io.descent.training.TrainingSpec;

/**
 * A spec that passed every check.
 *
 * @param canonical the spec as stored and shown: every default filled in
 * @param training what the training core runs
 * @param estimatedMemory bytes the job is estimated to need while it trains (admission control); 0 when
 *     resolved without its dataset (a stored job's spec, to use its model)
 */
public record AcceptedSpec(JobSpec canonical, TrainingSpec training, String datasetId, ValidationSplit validation, String normalize,
        RunLimits limits, long estimatedMemory) {}
