package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

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

    /** The sum of squared gradients. */
    @Override
    public int stateSlots(Params params) {
        return 1;
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        double lrDecay = params.number("lrDecay");
        float initial = (float) params.number("initialAccumulatorValue");
        double eps = params.number("eps");
        return new PerParameterUpdater(manager, params.number("weightDecay")) {
            /** [sum of squared gradients] */
            @Override
            ParamState newState(NDArray parameter) {
                return new ParamState(state.full(parameter.getShape(), initial, parameter.getDataType()));
            }

            @Override
            void update(TrainableParameter p, NDArray g, ParamState s, double learningRate, StepScope scope) {
                NDArray squares = s.tensors[0];
                s.step++;
                squares.addi(g.mul(g));
                double rate = learningRate / (1 + (s.step - 1) * lrDecay);
                NDArray std = scope.local(squares.sqrt()).addi(eps);
                p.value().subi(g.div(std).muli(rate));
            }
        };
    }
}
