package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/**
 * {@code torch.optim.RMSprop}: s ← α·s + (1−α)·g²; centered subtracts the squared running mean of
 * g; eps is added after the square root; momentum accumulates g/denominator.
 */
public final class RmsProp implements OptimizerDefinition {

    @Override
    public String type() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "Divides by a running root mean square of the gradient, as torch.optim.RMSprop.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("lr", "learning rate").defaultsTo(0.01).above(0),
                ParamDef.number("alpha", "smoothing constant of the squared-gradient average").defaultsTo(0.99).atLeast(0).atMost(1),
                ParamDef.number("eps", "term added to the denominator").defaultsTo(1e-8).above(0),
                ParamDef.number("momentum", "momentum factor").defaultsTo(0.0).atLeast(0).below(1),
                ParamDef.flag("centered", false, "normalize by the estimated variance instead of the second moment"),
                ParamDef.number("weightDecay", "L2 penalty added to the gradient").defaultsTo(0.0).atLeast(0));
    }

    /** The square average, plus the gradient average when centered and the buffer with momentum. */
    @Override
    public int stateSlots(Params params) {
        return 1 + (params.flag("centered") ? 1 : 0) + (params.number("momentum") > 0 ? 1 : 0);
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        double alpha = params.number("alpha");
        double eps = params.number("eps");
        double momentum = params.number("momentum");
        boolean centered = params.flag("centered");
        return new PerParameterUpdater(manager, params.number("weightDecay")) {
            /** [square average, gradient average (centered only), momentum buffer (momentum only)]; unused slots stay null. */
            @Override
            ParamState newState(NDArray parameter) {
                return new ParamState(zeros(parameter), centered ? zeros(parameter) : null, momentum > 0 ? zeros(parameter) : null);
            }

            @Override
            void update(TrainableParameter p, NDArray g, ParamState s, double learningRate, StepScope scope) {
                NDArray[] b = s.tensors;
                b[0].muli(alpha).addi(g.mul(g).muli(1 - alpha));
                NDArray denominator;
                if (centered) {
                    b[1].muli(alpha).addi(g.mul(1 - alpha));
                    // E[g²] - E[g]² is never negative in exact arithmetic, but a gradient that hardly varies can
                    // round it to -1e-12, whose square root (PyTorch's too) is NaN and ends the job as diverged.
                    // Clamping at 0 changes no value PyTorch computes without a NaN.
                    denominator = scope.local(scope.local(b[0].sub(scope.local(b[1].mul(b[1])))).maximum(0f)).sqrt().addi(eps);
                } else {
                    denominator = scope.local(b[0].sqrt()).addi(eps);
                }
                if (momentum > 0) {
                    b[2].muli(momentum).addi(g.div(denominator));
                    p.value().subi(scope.local(b[2].mul(learningRate)));
                } else {
                    p.value().subi(g.div(denominator).muli(learningRate));
                }
            }
        };
    }
}
