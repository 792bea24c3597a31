package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.Params;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code torch.nn.L1Loss}: |x − y|; class labels are one-hot encoded. */
public final class MeanAbsoluteError extends ElementwiseLoss {

    public MeanAbsoluteError() {
        super("l1", "Mean absolute error, as torch.nn.L1Loss; class labels are one-hot encoded.", Set.of(TargetKind.REAL, TargetKind.CLASSES));
    }

    @Override
    BiFunction<NDArray, NDArray, NDArray> terms(Params params) {
        return (x, y) -> x.sub(y).abs();
    }
}
