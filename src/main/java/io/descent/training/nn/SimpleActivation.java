package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.function.UnaryOperator;

/** An activation without parameters, backed by one engine operator. */
record SimpleActivation(String type, String description, UnaryOperator<NDArray> function) implements ActivationDefinition {

    @Override
    public List<ParamDef> params() {
        return List.of();
    }

    @Override
    public UnaryOperator<NDArray> create(Params params) {
        return function;
    }
}
