package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/** {@code torch.optim.lr_scheduler.StepLR}: multiply by gamma every {@code stepSize} epochs. */
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
                ParamDef.integer("stepSize", "epochs between decays").atLeast(1),
                ParamDef.number("gamma", "multiplicative factor").defaultsTo(0.1).above(0).atMost(1));
    }

    @Override
    public LearningRateSchedule create(Params params, double baseLearningRate, int stepsPerEpoch) {
        int stepSize = params.integer("stepSize");
        double gamma = params.number("gamma");
        return (epoch, step) -> baseLearningRate * Math.pow(gamma, epoch / stepSize);
    }
}
