package io.descent.training.schedule;

import io.descent.training.EpochMetrics;

/** The learning rate of one run over time. Stateless schedules ignore {@link #epochFinished}. */
public interface LearningRateSchedule {

    /**
     * @param epoch 0-based epoch of the update
     * @param step 0-based update index within the epoch
     * @return the learning rate for that update
     */
    double learningRate(int epoch, int step);

    /** Called once per finished epoch with its metrics, before the next epoch's first update. */
    default void epochFinished(EpochMetrics metrics) {}
}
