package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

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

    /** Two moments, and the running maximum with AMSGrad. */
    @Override
    public int stateSlots(Params params) {
        return params.flag("amsgrad") ? 3 : 2;
    }

    @Override
    public ParameterUpdater create(Params params, NDManager manager) {
        double[] betas = params.numbers("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double eps = params.number("eps");
        boolean amsgrad = params.flag("amsgrad");
        double weightDecay = params.number("weightDecay");
        return new PerParameterUpdater(manager, decoupled ? 0 : weightDecay) {
            /** [first moment, second moment, running maximum of the second (AMSGrad only)] */
            @Override
            ParamState newState(NDArray parameter) {
                return new ParamState(zeros(parameter), zeros(parameter), amsgrad ? zeros(parameter) : null);
            }

            @Override
            void update(TrainableParameter p, NDArray g, ParamState m, double learningRate, StepScope scope) {
                NDArray[] t = m.tensors;
                if (decoupled && weightDecay != 0) {
                    p.value().muli(1 - learningRate * weightDecay);
                }
                m.step++;
                t[0].muli(beta1).addi(g.mul(1 - beta1));
                t[1].muli(beta2).addi(g.mul(g).muli(1 - beta2));
                NDArray second = t[1];
                if (amsgrad) {
                    NDArray max = t[2].maximum(t[1]);
                    t[2].close();
                    t[2] = max;
                    second = max;
                }
                double biasCorrection1 = 1 - Math.pow(beta1, m.step);
                double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, m.step));
                double stepSize = learningRate / biasCorrection1;
                NDArray denom = scope.local(second.sqrt()).divi(biasCorrection2Sqrt).addi(eps);
                p.value().subi(scope.local(t[0].div(denom)).muli(stepSize));
            }
        };
    }
}
