package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.List;

/**
 * {@code torch.optim.SGD}: coupled weight decay, momentum with dampening, optional Nesterov.
 * The first momentum step copies the gradient into the buffer (no dampening), as PyTorch does.
 */
public final class Sgd implements OptimizerDefinition {

    @Override
    public String type() {
        return "sgd";
    }

    @Override
    public String description() {
        return "Stochastic gradient descent with optional (Nesterov) momentum, as torch.optim.SGD.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("lr", "learning rate").defaultsTo(0.01).above(0),
                ParamDef.number("momentum", "momentum factor").defaultsTo(0.0).atLeast(0).below(1),
                ParamDef.number("dampening", "dampening for momentum").defaultsTo(0.0).atLeast(0).atMost(1),
                ParamDef.flag("nesterov", false, "use Nesterov momentum"),
                ParamDef.number("weightDecay", "L2 penalty added to the gradient").defaultsTo(0.0).atLeast(0));
    }

    @Override
    public void check(Params params, String pointer, Violations violations) {
        if (params.flag("nesterov") && (params.number("momentum") <= 0 || params.number("dampening") != 0)) {
            violations.add(pointer + "/nesterov", "Nesterov momentum needs momentum > 0 and dampening 0, as in PyTorch.");
        }
    }

    /** The momentum buffer, only with momentum. */
    @Override
    public int stateSlots(Params params) {
        return params.number("momentum") != 0 ? 1 : 0;
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        double momentum = params.number("momentum");
        double dampening = params.number("dampening");
        boolean nesterov = params.flag("nesterov");
        return new PerParameterUpdater(manager, params.number("weightDecay")) {
            /** [momentum buffer], empty until the first step. */
            @Override
            ParamState newState(NDArray parameter) {
                return new ParamState(new NDArray[1]);
            }

            @Override
            void update(TrainableParameter p, NDArray d, ParamState s, double learningRate, StepScope scope) {
                NDArray[] buffer = s.tensors;
                if (momentum != 0) {
                    if (buffer[0] == null) {
                        buffer[0] = d.duplicate();
                        buffer[0].attach(state);
                    } else {
                        buffer[0].muli(momentum).addi(dampening == 0 ? d : scope.local(d.mul(1 - dampening)));
                    }
                    d = nesterov ? d.add(scope.local(buffer[0].mul(momentum))) : buffer[0];
                }
                p.value().subi(scope.local(d.mul(learningRate)));
            }
        };
    }
}
