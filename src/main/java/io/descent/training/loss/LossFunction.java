package io.descent.training.loss;

import ai.djl.ndarray.NDArray;

/** A loss of one run, as the training loop uses it. */
public interface LossFunction {

    /**
     * Unreduced loss terms, one per sample (shape [n]) or per output element (shape [n, k]).
     * The loop reduces them with {@link #reduce} for the gradient and sums them for metrics.
     *
     * @param output the network's output for the batch, shape [n, k]
     * @param target labels: int64 class indices [n] or float32 values [n]
     */
    NDArray elements(NDArray output, NDArray target);

    /** Mean or sum of the terms, as the spec's {@code reduction} says; this is what is differentiated. */
    NDArray reduce(NDArray elements);
}
