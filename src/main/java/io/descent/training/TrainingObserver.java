package io.descent.training;

/** How the training loop reports progress and learns that it should stop. */
public interface TrainingObserver {

    /** Called on the training thread after each epoch, outside the batch loop. */
    void epochFinished(EpochMetrics metrics);

    /** Polled before every batch; must be cheap (a volatile read), it sits on the hot path. */
    boolean stopRequested();
}
