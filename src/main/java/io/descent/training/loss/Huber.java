package io.descent.training.loss;

import io.descent.training.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code torch.nn.HuberLoss}: ½d² below delta, delta·(|d| − ½delta) above. */
public final class Huber extends ElementwiseLoss {

    public Huber() {
        super("huber", "Quadratic near zero and linear beyond delta, as torch.nn.HuberLoss.", Set.of(TargetKind.REAL, TargetKind.CLASSES));
    }

    @Override
    List<ParamDef> extraParams() {
        return List.of(ParamDef.number("delta", "where the loss turns from quadratic to linear").defaultsTo(1.0).above(0));
    }

    @Override
    BiFunction<NDArray, NDArray, NDArray> terms(Params params) {
        double delta = params.number("delta");
        return (x, y) -> {
            NDArray d = x.sub(y).abs();
            return NDArrays.where(d.lt(delta), Scalars.mul(d.square(), 0.5), Scalars.mul(d.sub(0.5 * delta), delta));
        };
    }
}
