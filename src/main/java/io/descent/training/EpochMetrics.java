package io.descent.training;

/**
 * What one finished epoch measured. Loss values are means over loss terms (PyTorch's "mean"
 * reduction) whatever reduction the job differentiates, without regularization penalties;
 * accuracies are null for regression and validation values null when the job has no validation split.
 *
 * @param epoch 1-based
 * @param learningRate the rate of the epoch's last update
 * @param durationMs wall time of the whole epoch, validation included
 * @param samplesPerSecond training samples over the training phase's wall time
 * @param weightNorm L2 norm of all weight matrices (biases excluded) after the epoch
 * @param updateRatio ‖Δθ‖/‖θ‖ of the epoch's last update over all parameters (healthy near 1e-3)
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        Double trainAccuracy,
        Double validationLoss,
        Double validationAccuracy,
        double learningRate,
        long durationMs,
        double samplesPerSecond,
        double weightNorm,
        double updateRatio) {}
