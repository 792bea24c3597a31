package io.descent.training;

/**
 * How a run ended when it did not throw.
 *
 * @param stopped true when {@link TrainingObserver#stopRequested()} ended it early
 * @param epochsCompleted epochs fully trained and reported
 * @param earlyStop non-null when early stopping ended the run
 * @param weightsFromEpoch the 1-based epoch whose parameters the network holds at the end: the best
 *     epoch's with {@code restoreBest} (whether early stopping fired or the run reached its last
 *     epoch), otherwise the last finished epoch's; 0 when none finished
 */
public record TrainingResult(boolean stopped, int epochsCompleted, EarlyStop earlyStop, int weightsFromEpoch) {

    /**
     * @param bestEpoch 1-based epoch with the best monitored value
     * @param restoredBest whether the parameters were reset to that epoch's
     */
    public record EarlyStop(int stoppedAfterEpoch, int bestEpoch, String monitor, double bestValue, boolean restoredBest, String reason) {}
}
