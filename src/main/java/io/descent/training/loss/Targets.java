package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Target encodings shared by losses that compare outputs element by element. */
final class Targets {

    private Targets() {}

    /** One-hot rows for class labels, or the real targets shaped like the output. */
    static NDArray dense(NDArray output, NDArray target, int classes) {
        return classes > 0 ? target.oneHot(classes, DataType.FLOAT32) : target.reshape(output.getShape());
    }
}
