package io.descent.training.loss;

import ai.djl.ndarray.NDArray;

/** A loss of one run, as the training loop uses it. */
public interface LossFunction {

    /**
     * The network's final activation that this loss expects on its input: log-softmax for NLL,
     * sigmoid for BCE, identity for the rest. Applied to the last layer's raw output.
     */
    default NDArray output(NDArray raw) {
        return raw;
    }

    /**
     * Unreduced loss terms, one per sample (shape [n]) or per output element (shape [n, k]),
     * such that their mean is PyTorch's "mean" reduction and their sum its "sum" reduction.
     *
     * @param output {@link #output} of the network for the batch, shape [n, k]
     * @param target labels: int64 class indices [n] or float32 values [n]
     */
    NDArray elements(NDArray output, NDArray target);

    /**
     * Class probabilities from {@link #output}, rows summing to 1: a softmax of the outputs unless
     * the loss says otherwise (NLL's log-probabilities are exponentiated; sigmoid-based losses give
     * one-vs-rest scores, normalized).
     */
    default NDArray probabilities(NDArray output) {
        return output.softmax(1);
    }

    /** Mean or sum of the terms, as the spec's {@code reduction} says; this is what is differentiated. */
    NDArray reduce(NDArray elements);
}
