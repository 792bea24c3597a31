package io.descent.training;

/**
 * How a run ended when it did not throw.
 *
 * @param stopped true when {@link TrainingObserver#stopRequested()} ended it early
 * @param epochsCompleted epochs fully trained and reported
 */
public record TrainingResult(boolean stopped, int epochsCompleted) {}
