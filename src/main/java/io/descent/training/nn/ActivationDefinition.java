package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;
import java.util.function.UnaryOperator;

/** A catalogue entry for an element-wise activation function. */
public interface ActivationDefinition extends ComponentDefinition {

    UnaryOperator<NDArray> create(Params params);
}
