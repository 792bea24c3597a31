package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.List;

/** {@code MultiStepLR}: multiply by gamma at each milestone epoch (or update). */
public final class MultiStepSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "multistep";
    }

    @Override
    public String description() {
        return "Multiply the learning rate by gamma at each milestone, as MultiStepLR.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.integers("milestones", "increasing epochs (or updates) at which to decay").atLeast(1),
                ParamDef.number("gamma", "multiplicative factor").defaultsTo(0.1).above(0).atMost(1),
                ClosedFormSchedule.INTERVAL);
    }

    @Override
    public void check(Params params, String pointer, Violations violations) {
        int[] milestones = params.integers("milestones");
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] <= milestones[i - 1]) {
                violations.add(pointer + "/milestones", "\"milestones\" must be strictly increasing.");
                return;
            }
        }
    }

    @Override
    public LearningRateSchedule create(Params params, double base, int stepsPerEpoch) {
        int[] milestones = params.integers("milestones");
        double gamma = params.number("gamma");
        return new ClosedFormSchedule(params, base, stepsPerEpoch) {
            @Override
            double at(long t) {
                int passed = 0;
                for (int milestone : milestones) {
                    if (milestone <= t) {
                        passed++;
                    }
                }
                return base * Math.pow(gamma, passed);
            }
        };
    }
}
