package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/**
 * A schedule that is a function of time alone, where time counts epochs or, with
 * {@code "interval": "step"}, updates (PyTorch's scheduler.step() once per batch).
 */
abstract class ClosedFormSchedule implements LearningRateSchedule {

    static final ParamDef INTERVAL = ParamDef.choice("interval", List.of("epoch", "step"), "epoch",
            "whether time counts epochs or updates (batches)");

    protected final double base;
    private final int stepsPerEpoch;
    private final boolean perStep;

    ClosedFormSchedule(Params params, double base, int stepsPerEpoch) {
        this.base = base;
        this.stepsPerEpoch = stepsPerEpoch;
        this.perStep = "step".equals(params.choice("interval"));
    }

    /** The learning rate at time {@code t} (0-based epochs or updates). */
    abstract double at(long t);

    @Override
    public final double learningRate(int epoch, int step) {
        return at(perStep ? (long) epoch * stepsPerEpoch + step : epoch);
    }
}
