package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.Params;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code torch.nn.BCEWithLogitsLoss}: sigmoid and binary cross-entropy fused in the stable form
 * softplus(x) − x·y; class labels become one-hot targets.
 */
public final class BinaryCrossEntropyWithLogits extends ElementwiseLoss {

    public BinaryCrossEntropyWithLogits() {
        super("bce_with_logits", "Sigmoid plus binary cross-entropy on logits, as torch.nn.BCEWithLogitsLoss; labels are one-hot encoded.",
                Set.of(TargetKind.CLASSES));
    }

    @Override
    NDArray probabilities(NDArray output) {
        return normalizedSigmoid(output);
    }

    @Override
    BiFunction<NDArray, NDArray, NDArray> terms(Params params) {
        return (x, y) -> StableMath.softplus(x).sub(x.mul(y));
    }
}
