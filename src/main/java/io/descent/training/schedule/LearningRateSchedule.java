package io.descent.training.schedule;

/** The learning rate of one run over time. Stateless schedules ignore {@link #epochFinished}. */
public interface LearningRateSchedule {

    /**
     * @param epoch 0-based epoch of the update
     * @param step 0-based update index within the epoch
     * @return the learning rate for that update
     */
    double learningRate(int epoch, int step);

    /** Called once per finished epoch, before the next epoch's first update. */
    default void epochFinished(int epoch) {}
}
