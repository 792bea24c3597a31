package io.descent.training.schedule;

import io.descent.training.EpochMetrics;
import io.descent.training.Monitor;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.IOException;
import java.util.List;

/**
 * {@code ReduceLROnPlateau}: multiply by {@code factor} when the monitored metric has not improved
 * (relative or absolute {@code threshold}) for more than {@code patience} epochs; then wait
 * {@code cooldown} epochs; never below {@code minLr}; changes smaller than eps are ignored.
 */
public final class PlateauSchedule implements ScheduleDefinition {

    @Override
    public String type() {
        return "plateau";
    }

    @Override
    public String description() {
        return "Reduce the learning rate when a monitored metric stops improving, as ReduceLROnPlateau.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                Monitor.PARAM,
                ParamDef.choice("mode", List.of("min", "max"), "min", "whether the metric should fall (min) or rise (max)"),
                ParamDef.number("factor", "multiplier applied on a plateau").defaultsTo(0.1).above(0).below(1),
                ParamDef.integer("patience", "epochs without improvement tolerated").defaultsTo(10).atLeast(0),
                ParamDef.number("threshold", "smallest change that counts as an improvement").defaultsTo(1e-4).atLeast(0),
                ParamDef.choice("thresholdMode", List.of("rel", "abs"), "rel", "threshold relative to the best value, or absolute"),
                ParamDef.integer("cooldown", "epochs to wait after a reduction").defaultsTo(0).atLeast(0),
                ParamDef.number("minLr", "lower bound on the learning rate").defaultsTo(0.0).atLeast(0),
                ParamDef.number("eps", "reductions smaller than this are skipped").defaultsTo(1e-8).atLeast(0));
    }

    @Override
    public LearningRateSchedule create(Params params, double base, int stepsPerEpoch) {
        return new Plateau(params, base);
    }

    private static final class Plateau implements LearningRateSchedule {
        private final Monitor monitor;
        private final boolean max;
        private final double factor;
        private final int patience;
        private final double threshold;
        private final boolean relative;
        private final int cooldown;
        private final double minLr;
        private final double eps;
        private double rate;
        private double best;
        private int badEpochs;
        private int cooldownLeft;

        Plateau(Params params, double base) {
            this.monitor = Monitor.of(params);
            this.max = "max".equals(params.choice("mode"));
            this.factor = params.number("factor");
            this.patience = params.integer("patience");
            this.threshold = params.number("threshold");
            this.relative = "rel".equals(params.choice("thresholdMode"));
            this.cooldown = params.integer("cooldown");
            this.minLr = params.number("minLr");
            this.eps = params.number("eps");
            this.rate = base;
            this.best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }

        @Override
        public double learningRate(int epoch, int step) {
            return rate;
        }

        @Override
        public void epochFinished(EpochMetrics metrics) {
            double current = monitor.value(metrics);
            if (better(current)) {
                best = current;
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            if (cooldownLeft > 0) {
                cooldownLeft--;
                badEpochs = 0;
            }
            if (badEpochs > patience) {
                double reduced = Math.max(rate * factor, minLr);
                if (rate - reduced > eps) {
                    rate = reduced;
                }
                cooldownLeft = cooldown;
                badEpochs = 0;
            }
        }

        @Override
        public void save(StateOutput out) throws IOException {
            out.writeDouble(rate);
            out.writeDouble(best);
            out.writeInt(badEpochs);
            out.writeInt(cooldownLeft);
        }

        @Override
        public void restore(StateInput in) throws IOException {
            rate = in.readDouble();
            best = in.readDouble();
            badEpochs = in.readInt();
            cooldownLeft = in.readInt();
        }

        private boolean better(double current) {
            if (relative) {
                return max ? current > best * (1 + threshold) : current < best * (1 - threshold);
            }
            return max ? current > best + threshold : current < best - threshold;
        }
    }
}
