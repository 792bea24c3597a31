package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        return new Updater(params, manager.newSubManager());
    }

    private static final class Updater implements ParameterUpdater {
        private final double momentum;
        private final double dampening;
        private final boolean nesterov;
        private final double weightDecay;
        private final NDManager state;
        private final Map<String, NDArray> buffers = new HashMap<>();

        Updater(Params params, NDManager state) {
            this.momentum = params.number("momentum");
            this.dampening = params.number("dampening");
            this.nesterov = params.flag("nesterov");
            this.weightDecay = params.number("weightDecay");
            this.state = state;
        }

        @Override
        public void step(List<TrainableParameter> parameters, double learningRate) {
            for (TrainableParameter p : parameters) {
                try (StepScope scope = new StepScope(state)) {
                    NDArray d = Decay.coupled(p, weightDecay, scope);
                    if (momentum != 0) {
                        NDArray buf = buffers.get(p.name());
                        if (buf == null) {
                            buf = d.duplicate();
                            buf.attach(state);
                            buffers.put(p.name(), buf);
                        } else {
                            buf.muli(momentum).addi(dampening == 0 ? d : scope.local(d.mul(1 - dampening)));
                        }
                        d = nesterov ? d.add(scope.local(buf.mul(momentum))) : buf;
                    }
                    p.value().subi(scope.local(d.mul(learningRate)));
                }
            }
        }

        @Override
        public void close() {
            state.close();
        }
    }
}
