package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/** 1/t decay: η0 / (1 + k·t). */
public final class InverseTimeSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "inverse_time";
    }

    @Override
    public String description() {
        return "η0 / (1 + k·t), the 1/t decay.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(ParamDef.number("k", "decay rate").atLeast(0), ClosedFormSchedule.INTERVAL);
    }

    @Override
    public LearningRateSchedule create(Params params, double base, int stepsPerEpoch) {
        double k = params.number("k");
        return new ClosedFormSchedule(params, base, stepsPerEpoch) {
            @Override
            double at(long t) {
                return base / (1 + k * t);
            }
        };
    }
}
