package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adam} and {@code torch.optim.AdamW}: bias-corrected first and second
 * moments, eps added after the square root of the corrected second moment, optional AMSGrad
 * (the running maximum of the raw second moment). Adam couples weight decay into the gradient;
 * AdamW shrinks the parameter by (1 - lr * weightDecay) before the step.
 */
public final class Adam implements OptimizerDefinition {

    private final boolean decoupled;

    private Adam(boolean decoupled) {
        this.decoupled = decoupled;
    }

    public static Adam adam() {
        return new Adam(false);
    }

    public static Adam adamW() {
        return new Adam(true);
    }

    @Override
    public String type() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public String description() {
        return decoupled
                ? "Adam with decoupled weight decay, as torch.optim.AdamW."
                : "Adaptive moment estimation, as torch.optim.Adam (weight decay coupled into the gradient).";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("lr", "learning rate").defaultsTo(0.001).above(0),
                ParamDef.numbers("betas", "decay rates of the first and second moment").defaultsTo(List.of(0.9, 0.999)).atLeast(0).below(1).ofLength(2),
                ParamDef.number("eps", "term added to the denominator").defaultsTo(1e-8).above(0),
                ParamDef.flag("amsgrad", false, "use the running maximum of the second moment (AMSGrad)"),
                ParamDef.number("weightDecay", decoupled ? "decoupled weight decay" : "L2 penalty added to the gradient")
                        .defaultsTo(decoupled ? 0.01 : 0.0).atLeast(0));
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        return new Updater(params, decoupled, manager.newSubManager());
    }

    private static final class Updater implements ParameterUpdater {
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final boolean amsgrad;
        private final double weightDecay;
        private final boolean decoupled;
        private final NDManager state;
        private final Map<String, Moments> moments = new HashMap<>();

        Updater(Params params, boolean decoupled, NDManager state) {
            double[] betas = params.numbers("betas");
            this.beta1 = betas[0];
            this.beta2 = betas[1];
            this.eps = params.number("eps");
            this.amsgrad = params.flag("amsgrad");
            this.weightDecay = params.number("weightDecay");
            this.decoupled = decoupled;
            this.state = state;
        }

        @Override
        public void step(List<TrainableParameter> parameters, double learningRate) {
            for (TrainableParameter p : parameters) {
                try (StepScope scope = new StepScope(state)) {
                    NDArray g = p.gradient();
                    if (weightDecay != 0) {
                        if (decoupled) {
                            p.value().muli(1 - learningRate * weightDecay);
                        } else {
                            g = g.add(scope.local(p.value().mul(weightDecay)));
                        }
                    }
                    Moments m = moments.computeIfAbsent(p.name(), k -> new Moments(p.value(), state, amsgrad));
                    m.step++;
                    m.first.muli(beta1).addi(g.mul(1 - beta1));
                    m.second.muli(beta2).addi(g.mul(g).muli(1 - beta2));
                    NDArray second = m.second;
                    if (amsgrad) {
                        NDArray max = m.maxSecond.maximum(m.second);
                        m.maxSecond.close();
                        m.maxSecond = max;
                        second = max;
                    }
                    double biasCorrection1 = 1 - Math.pow(beta1, m.step);
                    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, m.step));
                    double stepSize = learningRate / biasCorrection1;
                    NDArray denom = scope.local(second.sqrt()).divi(biasCorrection2Sqrt).addi(eps);
                    p.value().subi(scope.local(m.first.div(denom)).muli(stepSize));
                }
            }
        }

        @Override
        public void close() {
            state.close();
        }
    }

    private static final class Moments {
        final NDArray first;
        final NDArray second;
        NDArray maxSecond;
        long step;

        Moments(NDArray like, NDManager state, boolean amsgrad) {
            first = state.zeros(like.getShape(), like.getDataType(), like.getDevice());
            second = state.zeros(like.getShape(), like.getDataType(), like.getDevice());
            maxSecond = amsgrad ? state.zeros(like.getShape(), like.getDataType(), like.getDevice()) : null;
        }
    }
}
