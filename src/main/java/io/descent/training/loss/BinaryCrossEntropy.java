package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.Params;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code torch.nn.BCELoss} on sigmoid outputs: −[y·log p + (1−y)·log(1−p)] with each log clamped
 * at −100 as PyTorch does; class labels become one-hot (one-vs-rest) targets.
 */
public final class BinaryCrossEntropy extends ElementwiseLoss {

    public BinaryCrossEntropy() {
        super("bce", "Binary cross-entropy on sigmoid outputs, as torch.nn.BCELoss; labels are one-hot encoded.", Set.of(TargetKind.CLASSES));
    }

    @Override
    NDArray output(NDArray raw) {
        return ai.djl.nn.Activation.sigmoid(raw);
    }

    @Override
    NDArray probabilities(NDArray sigmoidOutput) {
        return sigmoidOutput.div(sigmoidOutput.sum(new int[] {1}, true));
    }

    @Override
    BiFunction<NDArray, NDArray, NDArray> terms(Params params) {
        return (p, y) -> {
            NDArray logP = p.log().maximum(-100f);
            NDArray logNotP = p.neg().add(1f).log().maximum(-100f);
            return y.mul(logP).add(y.neg().add(1f).mul(logNotP)).neg();
        };
    }
}
