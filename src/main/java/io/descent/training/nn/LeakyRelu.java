package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code torch.nn.LeakyReLU}: x for x >= 0, slope·x otherwise. */
final class LeakyRelu implements ActivationDefinition {

    @Override
    public String type() {
        return "leaky_relu";
    }

    @Override
    public String description() {
        return "max(x, 0) + slope * min(x, 0), as torch.nn.LeakyReLU.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(ParamDef.number("slope", "slope for negative inputs").defaultsTo(0.01).atLeast(0));
    }

    @Override
    public UnaryOperator<NDArray> create(Params params) {
        float slope = (float) params.number("slope");
        return x -> Activation.leakyRelu(x, slope);
    }
}
