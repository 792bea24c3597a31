package io.descent.training;

import io.descent.training.checkpoint.EpochPosition;
import io.descent.training.checkpoint.StateWriter;

/** How the training loop reports progress and learns that it should stop. */
public interface TrainingObserver {

    /**
     * Called on the training thread after each epoch, outside the batch loop.
     *
     * @param checkpoint writes the state needed to resume after this epoch, if the observer keeps
     *     checkpoints; valid only during this call
     */
    void epochFinished(EpochMetrics metrics, StateWriter checkpoint);

    /**
     * Called on the training thread right before {@link #epochFinished} when the run restores its
     * best epoch's parameters ({@code restoreBest}): the epoch whose parameters the model would
     * hold if the run ended now (a cancel, a timeout, a pruner, a diverging loss). An observer that
     * drops old checkpoints keeps that epoch's, which the model is then read from.
     */
    default void bestEpochSoFar(int epoch) {}

    /**
     * Called on the training thread when {@link #stopRequested()} stopped the run inside an epoch,
     * after at least one of its batches, before the run returns: {@code state} writes a checkpoint
     * to resume at {@code position} (valid only during this call). An observer that keeps such
     * checkpoints (a shutdown's) spares the batches already trained.
     */
    default void stoppedInEpoch(EpochPosition position, StateWriter state) {}

    /**
     * Called on the training thread after every trained batch with its number of rows, so that a
     * samples counter moves within an epoch, not only at its end. It sits on the hot path: keep it
     * to an add (a Micrometer counter is a {@code DoubleAdder}).
     */
    default void batchFinished(int rows) {}

    /** Called once, after the first batch of the run (or of the resumed run) has been trained. */
    default void firstBatchFinished() {}

    /**
     * How often the loop reports {@link #progress} inside an epoch; the default never does. Each
     * report reads the running loss back from native memory once.
     */
    default java.time.Duration progressInterval() {
        return java.time.Duration.ofNanos(Long.MAX_VALUE);
    }

    /** Called on the training thread inside an epoch, at most every {@link #progressInterval()}. */
    default void progress(Progress progress) {}

    /** Polled before every batch; must be cheap (a volatile read), it sits on the hot path. */
    boolean stopRequested();
}
