package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adagrad}: s ← s + g², θ ← θ − η_t·g/(√s + eps) with
 * η_t = η / (1 + (t−1)·lrDecay); s starts at {@code initialAccumulatorValue}.
 */
public final class Adagrad implements OptimizerDefinition {

    @Override
    public String type() {
        return "adagrad";
    }

    @Override
    public String description() {
        return "Per-parameter rates that shrink as squared gradients accumulate, as torch.optim.Adagrad.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("lr", "learning rate").defaultsTo(0.01).above(0),
                ParamDef.number("lrDecay", "learning-rate decay per step").defaultsTo(0.0).atLeast(0),
                ParamDef.number("initialAccumulatorValue", "starting value of the sum of squared gradients").defaultsTo(0.0).atLeast(0),
                ParamDef.number("eps", "term added to the denominator").defaultsTo(1e-10).above(0),
                ParamDef.number("weightDecay", "L2 penalty added to the gradient").defaultsTo(0.0).atLeast(0));
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        return new Updater(params, manager.newSubManager());
    }

    private static final class Updater implements ParameterUpdater {
        private final double lrDecay;
        private final double initial;
        private final double eps;
        private final double weightDecay;
        private final NDManager state;
        private final Map<String, NDArray> sums = new HashMap<>();
        private final Map<String, Long> steps = new HashMap<>();

        Updater(Params params, NDManager state) {
            this.lrDecay = params.number("lrDecay");
            this.initial = params.number("initialAccumulatorValue");
            this.eps = params.number("eps");
            this.weightDecay = params.number("weightDecay");
            this.state = state;
        }

        @Override
        public void step(List<TrainableParameter> parameters, double learningRate) {
            for (TrainableParameter p : parameters) {
                try (StepScope scope = new StepScope(state)) {
                    NDArray g = Decay.coupled(p, weightDecay, scope);
                    long t = steps.merge(p.name(), 1L, Long::sum);
                    NDArray sum = sums.computeIfAbsent(p.name(), k -> state.full(p.value().getShape(), (float) initial, p.value().getDataType()));
                    sum.addi(g.mul(g));
                    double rate = learningRate / (1 + (t - 1) * lrDecay);
                    NDArray std = scope.local(sum.sqrt()).addi(eps);
                    p.value().subi(g.div(std).muli(rate));
                }
            }
        }

        @Override
        public void close() {
            state.close();
        }
    }
}
