package io.descent.training.schedule;

import io.descent.training.EpochMetrics;
import io.descent.training.checkpoint.Checkpointed;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.IOException;

/**
 * The learning rate of one run over time. Stateless schedules ignore {@link #epochFinished} and
 * have nothing to checkpoint; stateful ones (plateau) save what they learned from the metrics.
 */
public interface LearningRateSchedule extends Checkpointed {

    /**
     * @param epoch 0-based epoch of the update
     * @param step 0-based update index within the epoch
     * @return the learning rate for that update
     */
    double learningRate(int epoch, int step);

    /** Called once per finished epoch with its metrics, before the next epoch's first update. */
    default void epochFinished(EpochMetrics metrics) {}

    @Override
    default void save(StateOutput out) throws IOException {}

    @Override
    default void restore(StateInput in) throws IOException {}
}
