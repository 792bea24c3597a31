package io.descent.training;

import ai.djl.ndarray.NDManager;

/**
 * Per-epoch work of one run (DJL's {@code TrainingListener} shape): the schedule's plateau
 * tracking, early stopping, the divergence check, the weight average. {@link TrainingLoop} calls
 * every listener on the training thread, in the order it was given them.
 */
@FunctionalInterface
public interface EpochListener {

    /**
     * After each optimizer step (and the max-norm constraint), while the loop holds
     * {@link EngineLock}. It sits on the hot path: native tensor work only, temporaries in
     * {@code step} (freed with the batch), nothing read back to the JVM.
     */
    default void stepFinished(NDManager step) {}

    /** After the last batch of {@code epoch} (0-based), before it is evaluated; holds {@link EngineLock}. */
    default void trainingFinished(int epoch, NDManager scope) {}

    /**
     * With the finished epoch's metrics, before the observer sees them.
     *
     * @return non-null when the run should stop after this epoch
     */
    TrainingResult.EarlyStop epochFinished(EpochMetrics metrics);
}
