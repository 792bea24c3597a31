package io.descent.training.loss;

import io.descent.training.Scalars;
import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.Params;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code torch.nn.BCELoss} on sigmoid outputs: −[y·log p + (1−y)·log(1−p)] with each log clamped
 * at −100 and its gradient (p − y) / max(p·(1 − p), 1e-12) as PyTorch's; class labels become one-hot
 * (one-vs-rest) targets.
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
            NDArray logP = Scalars.maximum(p.log(), -100f);
            NDArray logNotP = Scalars.maximum(p.neg().add(1f).log(), -100f);
            NDArray value = y.mul(logP).add(y.neg().add(1f).mul(logNotP)).neg();
            // PyTorch's own backward, (p − y) / max(p·(1 − p), 1e-12), in place of autograd's through
            // the clamped logs, which is 0·∞ = NaN where a sigmoid output is exactly 0 or 1: the value
            // stays the clamped one, the gradient is the slope's (p − stop(p) is 0 but carries it).
            NDArray slope = p.sub(y).div(Scalars.maximum(p.mul(p.neg().add(1f)), 1e-12f));
            return value.stopGradient().add(p.sub(p.stopGradient()).mul(slope.stopGradient()));
        };
    }
}
