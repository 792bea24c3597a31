package io.descent.training;

import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/** A per-epoch metric that a schedule or early stopping watches. */
public enum Monitor {
    VALIDATION_LOSS, VALIDATION_ACCURACY, TRAIN_LOSS, TRAIN_ACCURACY;

    public static final ParamDef PARAM = ParamDef.choice("monitor",
            List.of("validation_loss", "validation_accuracy", "train_loss", "train_accuracy"), "validation_loss", "the metric watched");

    public static Monitor of(Params params) {
        return valueOf(params.choice("monitor").toUpperCase());
    }

    public boolean needsValidation() {
        return this == VALIDATION_LOSS || this == VALIDATION_ACCURACY;
    }

    public boolean isAccuracy() {
        return this == VALIDATION_ACCURACY || this == TRAIN_ACCURACY;
    }

    public double value(EpochMetrics m) {
        Double v = switch (this) {
            case VALIDATION_LOSS -> m.validationLoss();
            case VALIDATION_ACCURACY -> m.validationAccuracy();
            case TRAIN_LOSS -> m.trainLoss();
            case TRAIN_ACCURACY -> m.trainAccuracy();
        };
        if (v == null) {
            throw new IllegalStateException(name().toLowerCase() + " is not measured by this job");
        }
        return v;
    }
}
