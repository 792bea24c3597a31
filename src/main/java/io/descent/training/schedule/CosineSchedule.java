package io.descent.training.schedule;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.List;

/** {@code CosineAnnealingLR}: etaMin + (η0 − etaMin)·(1 + cos(π·t/tMax))/2, periodic past tMax as in PyTorch. */
public final class CosineSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "cosine";
    }

    @Override
    public String description() {
        return "Cosine annealing from the optimizer's rate to etaMin over tMax epochs, as CosineAnnealingLR.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.integer("tMax", "epochs (or updates) of a half cosine period").atLeast(1),
                ParamDef.number("etaMin", "the lowest learning rate").defaultsTo(0.0).atLeast(0),
                ClosedFormSchedule.INTERVAL);
    }

    @Override
    public LearningRateSchedule create(Params params, double base, int stepsPerEpoch) {
        int tMax = params.integer("tMax");
        double etaMin = params.number("etaMin");
        return new ClosedFormSchedule(params, base, stepsPerEpoch) {
            @Override
            double at(long t) {
                return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
            }
        };
    }
}
