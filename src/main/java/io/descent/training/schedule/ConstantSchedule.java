package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/** The optimizer's learning rate, unchanged. */
public final class ConstantSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "constant";
    }

    @Override
    public String description() {
        return "Keep the optimizer's learning rate for the whole run.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of();
    }

    @Override
    public LearningRateSchedule create(Params params, double baseLearningRate, int stepsPerEpoch) {
        return (epoch, step) -> baseLearningRate;
    }
}
