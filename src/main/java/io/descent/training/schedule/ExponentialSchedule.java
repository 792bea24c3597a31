package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.List;

/** {@code ExponentialLR}: η0·γ^t, or the same written η0·e^(−k·t). */
public final class ExponentialSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "exponential";
    }

    @Override
    public String description() {
        return "Multiply the learning rate by gamma every epoch (η0·γ^t), or give k for η0·e^(−k·t); as ExponentialLR.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("gamma", "factor per epoch (or update); give gamma or k").above(0).atMost(1).optional(),
                ParamDef.number("k", "decay rate in η0·e^(−k·t); give gamma or k").atLeast(0).optional(),
                ClosedFormSchedule.INTERVAL);
    }

    @Override
    public void check(Params params, String pointer, Violations violations) {
        if (params.has("gamma") == params.has("k")) {
            violations.add(pointer, "Give exactly one of \"gamma\" (η0·γ^t) or \"k\" (η0·e^(−k·t)).");
        }
    }

    @Override
    public LearningRateSchedule create(Params params, double base, int stepsPerEpoch) {
        double gamma = params.has("gamma") ? params.number("gamma") : Math.exp(-params.number("k"));
        return new ClosedFormSchedule(params, base, stepsPerEpoch) {
            @Override
            double at(long t) {
                return base * Math.pow(gamma, t);
            }
        };
    }
}
