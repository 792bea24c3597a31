package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.nn.MSELoss}: squared difference per output element. On a classification dataset
 * the target is the one-hot encoding of the label (the network's raw outputs are compared with it).
 */
public final class MeanSquaredError implements LossDefinition {

    @Override
    public String type() {
        return "mse";
    }

    @Override
    public String description() {
        return "Mean squared error, as torch.nn.MSELoss; class labels are one-hot encoded.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(REDUCTION);
    }

    @Override
    public Set<TargetKind> targets() {
        return Set.of(TargetKind.REAL, TargetKind.CLASSES);
    }

    @Override
    public LossFunction create(Params params, int classes) {
        String reduction = params.choice("reduction");
        return new LossFunction() {
            @Override
            public NDArray elements(NDArray output, NDArray target) {
                NDArray expected = classes > 0
                        ? target.oneHot(classes, DataType.FLOAT32)
                        : target.reshape(output.getShape());
                return output.sub(expected).square();
            }

            @Override
            public NDArray reduce(NDArray elements) {
                return Reduction.apply(reduction, elements);
            }
        };
    }
}
