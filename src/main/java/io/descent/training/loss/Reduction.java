package io.descent.training.loss;

import ai.djl.ndarray.NDArray;

/** The {@code reduction} parameter shared by every loss. */
final class Reduction {

    private Reduction() {}

    static NDArray apply(String reduction, NDArray elements) {
        return "sum".equals(reduction) ? elements.sum() : elements.mean();
    }
}
