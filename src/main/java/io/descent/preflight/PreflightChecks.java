package io.descent.preflight;

import ai.djl.ndarray.NDManager;
import io.descent.preflight.PreflightReport.InitialLossCheck;
import io.descent.preflight.PreflightReport.OverfitCheck;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingData;
import io.descent.training.TrainingDivergedException;
import io.descent.training.TrainingLoop;
import io.descent.training.TrainingObserver;
import io.descent.training.TrainingSpec;
import io.descent.training.checkpoint.StateWriter;
import java.util.function.BooleanSupplier;

/**
 * Runs the two checks of a sane setup with the training core; plain Java, no Spring. Both train
 * {@link TinySubsetSpec}'s version of the spec, whose dropout is off, so the loss of a full batch,
 * which the loop measures before that batch's update, is the loss of the network as it stands:
 * the first epoch's loss is the loss at initialisation, and epoch k's is the loss after k − 1 updates.
 *
 * <p>Threading: each check is a {@link TrainingLoop#run} and waits for the engine like any run.
 */
final class PreflightChecks {

    /** Rows the initial loss is measured on: enough for its mean to be within a few hundredths of the population's. */
    static final int INITIAL_LOSS_SAMPLES = 256;
    /** A regression subset counts as fitted once its loss is below this fraction of its start (a hundredfold fall). */
    static final double REGRESSION_FIT_FRACTION = 0.01;

    private final TrainingLoop loop;

    PreflightChecks(TrainingLoop loop) {
        this.loop = loop;
    }

    /**
     * @param data the job's prepared splits (normalised as the job would be); only training rows are read
     * @param timeUp polled before every step; once true, the check in progress stops and fails as timed out
     */
    PreflightReport run(TrainingSpec spec, TrainingData data, PreflightOptions options, BooleanSupplier timeUp) {
        long start = System.nanoTime();
        InitialLossCheck initial;
        OverfitCheck overfit;
        try (NDManager scope = NDManager.newBaseManager()) {
            initial = initialLoss(spec, data, timeUp, scope);
            overfit = overfit(spec, data, options, timeUp, scope);
        }
        return PreflightReport.of(initial, overfit, spec.seed(), (System.nanoTime() - start) / 1_000_000);
    }

    private InitialLossCheck initialLoss(TrainingSpec spec, TrainingData data, BooleanSupplier timeUp, NDManager scope) {
        TrainingData sample = TinySubsetSpec.head(data, INITIAL_LOSS_SAMPLES, scope);
        // One full-batch epoch: its loss is measured before its only update.
        Watch watch = new Watch(data.classes() > 0, timeUp);
        Double measured;
        try {
            loop.run(TinySubsetSpec.of(spec, 1), sample, watch);
            measured = watch.first == null ? null : watch.first.trainLoss();
        } catch (TrainingDivergedException e) {
            measured = null;
        }
        if (watch.first == null && timeUp.getAsBoolean()) {
            return InitialLossVerdict.timedOut(sample.trainSize());
        }
        return InitialLossVerdict.judge(spec, data.classes(), measured, sample.trainSize());
    }

    private OverfitCheck overfit(TrainingSpec spec, TrainingData data, PreflightOptions options, BooleanSupplier timeUp, NDManager scope) {
        TrainingData subset = TinySubsetSpec.head(data, options.subsetSize(), scope);
        Watch watch = new Watch(data.classes() > 0, timeUp);
        Integer divergedAt = null;
        try {
            // One more epoch than steps: the last one measures the network after maxSteps updates.
            loop.run(TinySubsetSpec.of(spec, options.maxSteps() + 1), subset, watch);
        } catch (TrainingDivergedException e) {
            divergedAt = e.epoch() - 1;
        }
        OverfitVerdict.Outcome outcome = new OverfitVerdict.Outcome(subset.trainSize(), options.maxSteps(),
                watch.last == null ? null : watch.last.epoch() - 1, watch.first == null ? null : watch.first.trainLoss(),
                watch.last == null ? null : watch.last.trainLoss(), watch.last == null ? null : watch.last.trainAccuracy(),
                watch.fitted, divergedAt, !watch.fitted && divergedAt == null && timeUp.getAsBoolean());
        return OverfitVerdict.judge(outcome, data.classes() > 0, spec.learningRate());
    }

    /** Keeps the first and the latest epoch; asks the run to stop once the subset is fitted or time is up. */
    private static final class Watch implements TrainingObserver {
        private final boolean classification;
        private final BooleanSupplier timeUp;
        private EpochMetrics first;
        private EpochMetrics last;
        private volatile boolean fitted;

        Watch(boolean classification, BooleanSupplier timeUp) {
            this.classification = classification;
            this.timeUp = timeUp;
        }

        @Override
        public void epochFinished(EpochMetrics metrics, StateWriter checkpoint) {
            if (first == null) {
                first = metrics;
            }
            last = metrics;
            fitted = classification ? metrics.trainAccuracy() == 1.0
                    : metrics.trainLoss() <= REGRESSION_FIT_FRACTION * first.trainLoss();
        }

        @Override
        public boolean stopRequested() {
            return fitted || timeUp.getAsBoolean();
        }
    }
}
