package io.descent.training.nn;

import ai.djl.training.initializer.Initializer;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;

/** A catalogue entry for weight initialization of dense layers. */
public interface InitDefinition extends ComponentDefinition {

    /** The initializer of a weight matrix [fanOut, fanIn]; drawn from the engine's seeded generator. */
    Initializer weights(Params params, int fanIn, int fanOut);

    /** Biases start at zero except under PyTorch's own default. */
    default Initializer biases(Params params, int fanIn) {
        return Initializer.ZEROS;
    }
}
