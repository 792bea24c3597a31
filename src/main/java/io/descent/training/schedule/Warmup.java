package io.descent.training.schedule;

import io.descent.training.EpochMetrics;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.IOException;
import java.util.List;

/**
 * Linear warm-up in front of any schedule: over W epochs (or updates) the rate climbs
 * η0·1/W, η0·2/W, …, η0; then the schedule runs with its time counted from the end of the warm-up.
 */
final class Warmup implements io.descent.training.catalog.ComponentDefinition {

    static final Warmup DEFINITION = new Warmup();

    @Override
    public String type() {
        return "warmup";
    }

    @Override
    public String description() {
        return "Linear warm-up over epochs or steps before the schedule starts.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.integer("epochs", "warm-up length in epochs; give epochs or steps").atLeast(1).optional(),
                ParamDef.integer("steps", "warm-up length in updates; give epochs or steps").atLeast(1).optional());
    }

    @Override
    public void check(Params params, String pointer, Violations violations) {
        if (params.has("epochs") == params.has("steps")) {
            violations.add(pointer, "Give the warm-up length as exactly one of \"epochs\" or \"steps\".");
        }
    }

    static LearningRateSchedule wrap(Params params, LearningRateSchedule main, double base, int stepsPerEpoch) {
        boolean inEpochs = params.has("epochs");
        int length = inEpochs ? params.integer("epochs") : params.integer("steps");
        return new LearningRateSchedule() {
            @Override
            public double learningRate(int epoch, int step) {
                if (inEpochs) {
                    return epoch < length ? base * (epoch + 1) / length : main.learningRate(epoch - length, step);
                }
                long t = (long) epoch * stepsPerEpoch + step;
                if (t < length) {
                    return base * (t + 1) / length;
                }
                long after = t - length;
                return main.learningRate((int) (after / stepsPerEpoch), (int) (after % stepsPerEpoch));
            }

            @Override
            public void save(StateOutput out) throws IOException {
                main.save(out);
            }

            @Override
            public void restore(StateInput in) throws IOException {
                main.restore(in);
            }

            /** The schedule starts watching metrics only once the warm-up is over. */
            @Override
            public void epochFinished(EpochMetrics metrics) {
                long done = inEpochs ? metrics.epoch() : (long) metrics.epoch() * stepsPerEpoch;
                if (done > length) {
                    main.epochFinished(metrics);
                }
            }
        };
    }
}
