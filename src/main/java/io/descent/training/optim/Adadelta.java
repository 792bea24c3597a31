package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/**
 * {@code torch.optim.Adadelta}: s ← ρ·s + (1−ρ)·g²; Δ = √(u + eps)/√(s + eps)·g;
 * u ← ρ·u + (1−ρ)·Δ²; θ ← θ − lr·Δ.
 */
public final class Adadelta implements OptimizerDefinition {

    @Override
    public String type() {
        return "adadelta";
    }

    @Override
    public String description() {
        return "Step sizes from running averages of squared gradients and squared updates, as torch.optim.Adadelta.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("lr", "coefficient that scales delta before it is applied").defaultsTo(1.0).above(0),
                ParamDef.number("rho", "decay rate of the running averages").defaultsTo(0.9).atLeast(0).atMost(1),
                ParamDef.number("eps", "term added inside the square roots").defaultsTo(1e-6).above(0),
                ParamDef.number("weightDecay", "L2 penalty added to the gradient").defaultsTo(0.0).atLeast(0));
    }

    /** The square average and the accumulated squared delta. */
    @Override
    public int stateSlots(Params params) {
        return 2;
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        double rho = params.number("rho");
        double eps = params.number("eps");
        return new PerParameterUpdater(manager, params.number("weightDecay")) {
            /** [square average, accumulated squared delta] */
            @Override
            ParamState newState(NDArray parameter) {
                return new ParamState(zeros(parameter), zeros(parameter));
            }

            @Override
            void update(TrainableParameter p, NDArray g, ParamState s, double learningRate, StepScope scope) {
                NDArray[] b = s.tensors;
                b[0].muli(rho).addi(g.mul(g).muli(1 - rho));
                NDArray std = scope.local(b[0].add(eps)).sqrt();
                NDArray delta = scope.local(b[1].add(eps)).sqrt().divi(std).muli(g);
                b[1].muli(rho).addi(delta.mul(delta).muli(1 - rho));
                p.value().subi(delta.mul(learningRate));
            }
        };
    }
}
