package io.descent.training.loss;

import io.descent.training.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;

/**
 * Multi-class hinge, {@code torch.nn.MultiMarginLoss} (p = 1): per sample
 * Σ_{i≠y} max(0, margin − x_y + x_i) / C.
 */
public final class Hinge implements LossDefinition {

    @Override
    public String type() {
        return "hinge";
    }

    @Override
    public String description() {
        return "Multi-class hinge loss, as torch.nn.MultiMarginLoss with p = 1.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(ParamDef.number("margin", "required gap between the label's score and the others").defaultsTo(1.0).above(0), REDUCTION);
    }

    @Override
    public Set<TargetKind> targets() {
        return Set.of(TargetKind.CLASSES);
    }

    @Override
    public LossFunction create(Params params, int classes) {
        float margin = (float) params.number("margin");
        String reduction = params.choice("reduction");
        return new LossFunction() {
            @Override
            public NDArray elements(NDArray x, NDArray target) {
                NDArray labelScore = x.gather(target.reshape(-1, 1), 1);
                NDArray others = target.oneHot(classes, DataType.FLOAT32).neg().add(1f);
                return Scalars.div(Scalars.maximum(x.sub(labelScore).add(margin), 0).mul(others).sum(new int[] {1}), classes);
            }

            @Override
            public NDArray reduce(NDArray elements) {
                return Reduction.apply(reduction, elements);
            }
        };
    }
}
