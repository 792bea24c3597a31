package io.descent.job.web;

import io.descent.training.EpochMetrics;

/**
 * One finished epoch on the wire. Accuracies are null for regression; validation values null
 * without a validation split. weightNorm is the L2 norm of all weights (biases excluded);
 * updateRatio is ‖Δθ‖/‖θ‖ of the epoch's last update.
 */
record EpochMetricsView(
        int epoch,
        double trainLoss,
        Double trainAccuracy,
        Double validationLoss,
        Double validationAccuracy,
        double learningRate,
        long durationMs,
        double samplesPerSecond,
        double weightNorm,
        double updateRatio) {

    static EpochMetricsView of(EpochMetrics m) {
        return m == null ? null : new EpochMetricsView(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(),
                m.validationAccuracy(), m.learningRate(), m.durationMs(), m.samplesPerSecond(), m.weightNorm(), m.updateRatio());
    }
}
