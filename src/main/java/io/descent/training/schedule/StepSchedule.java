package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/** {@code StepLR}: multiply by gamma every {@code stepSize} epochs (or updates). */
public final class StepSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "step";
    }

    @Override
    public String description() {
        return "Multiply the learning rate by gamma every stepSize epochs, as StepLR.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.integer("stepSize", "epochs (or updates) between decays").atLeast(1),
                ParamDef.number("gamma", "multiplicative factor").defaultsTo(0.1).above(0).atMost(1),
                ClosedFormSchedule.INTERVAL);
    }

    @Override
    public LearningRateSchedule create(Params params, double base, int stepsPerEpoch) {
        int stepSize = params.integer("stepSize");
        double gamma = params.number("gamma");
        return new ClosedFormSchedule(params, base, stepsPerEpoch) {
            @Override
            double at(long t) {
                return base * Math.pow(gamma, t / stepSize);
            }
        };
    }
}
