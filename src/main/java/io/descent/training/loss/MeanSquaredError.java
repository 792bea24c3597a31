package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.Params;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code torch.nn.MSELoss}: (x − y)²; class labels are one-hot encoded. */
public final class MeanSquaredError extends ElementwiseLoss {

    public MeanSquaredError() {
        super("mse", "Mean squared error, as torch.nn.MSELoss; class labels are one-hot encoded.", Set.of(TargetKind.REAL, TargetKind.CLASSES));
    }

    @Override
    BiFunction<NDArray, NDArray, NDArray> terms(Params params) {
        return (x, y) -> x.sub(y).square();
    }
}
