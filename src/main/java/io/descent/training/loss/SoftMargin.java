package io.descent.training.loss;

import io.descent.training.Scalars;
import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.Params;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code torch.nn.SoftMarginLoss}: log(1 + e^(−y·x)) with y = ±1 (one-hot labels mapped to ±1). */
public final class SoftMargin extends ElementwiseLoss {

    public SoftMargin() {
        super("soft_margin", "Two-class logistic loss log(1 + exp(−y·x)) with targets ±1, as torch.nn.SoftMarginLoss.",
                Set.of(TargetKind.CLASSES));
    }

    @Override
    NDArray probabilities(NDArray output) {
        return normalizedSigmoid(output);
    }

    @Override
    BiFunction<NDArray, NDArray, NDArray> terms(Params params) {
        return (x, oneHot) -> StableMath.softplus(x.mul(Scalars.mul(oneHot, 2).sub(1f)).neg());
    }
}
