package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.nn.MultiLabelSoftMarginLoss}: per sample −mean over classes of
 * y·log σ(x) + (1−y)·log σ(−x); class labels become one-hot targets.
 */
public final class MultilabelSoftMargin implements LossDefinition {

    @Override
    public String type() {
        return "multilabel_soft_margin";
    }

    @Override
    public String description() {
        return "One-vs-all logistic loss averaged over classes, as torch.nn.MultiLabelSoftMarginLoss; labels are one-hot encoded.";
    }

    @Override
    public List<io.descent.training.catalog.ParamDef> params() {
        return List.of(REDUCTION);
    }

    @Override
    public Set<TargetKind> targets() {
        return Set.of(TargetKind.CLASSES);
    }

    @Override
    public LossFunction create(Params params, int classes) {
        String reduction = params.choice("reduction");
        return new LossFunction() {
            @Override
            public NDArray probabilities(NDArray output) {
                return ElementwiseLoss.normalizedSigmoid(output);
            }

            @Override
            public NDArray elements(NDArray x, NDArray target) {
                NDArray y = target.oneHot(classes, DataType.FLOAT32);
                // log σ(x) = x − softplus(x), log σ(−x) = −softplus(x)
                NDArray softplusX = StableMath.softplus(x);
                NDArray logSigmoid = softplusX.sub(x).neg();
                NDArray logSigmoidNeg = softplusX.neg();
                return y.mul(logSigmoid).add(y.neg().add(1f).mul(logSigmoidNeg)).mean(new int[] {1}).neg();
            }

            @Override
            public NDArray reduce(NDArray elements) {
                return Reduction.apply(reduction, elements);
            }
        };
    }
}
