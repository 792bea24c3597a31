package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** An activation whose function depends on its parameters (a slope, an alpha, a beta). */
record ParameterizedActivation(String type, String description, List<ParamDef> params,
        Function<Params, UnaryOperator<NDArray>> factory) implements ActivationDefinition {

    @Override
    public UnaryOperator<NDArray> create(Params values) {
        return factory.apply(values);
    }
}
