package io.descent.training;

/** Ends a run whose training or validation loss stopped being finite. */
final class DivergenceCheck implements EpochListener {

    @Override
    public TrainingResult.EarlyStop epochFinished(EpochMetrics metrics) {
        if (!Double.isFinite(metrics.trainLoss())) {
            throw new TrainingDivergedException(metrics.epoch(), metrics.trainLoss());
        }
        if (metrics.validationLoss() != null && !Double.isFinite(metrics.validationLoss())) {
            throw new TrainingDivergedException(metrics.epoch(), metrics.validationLoss());
        }
        return null;
    }
}
