package io.descent.training.optim;

import ai.djl.ndarray.NDArray;

/**
 * One parameter tensor of the network with the gradient of the current step.
 *
 * @param name unique within the network, stable across steps (keys optimizer state)
 * @param value the tensor updated in place
 * @param gradient d(loss)/d(value) for this step; owned by the caller's step scope
 * @param bias whether this is a bias vector (regularizers may skip biases)
 */
public record TrainableParameter(String name, NDArray value, NDArray gradient, boolean bias) {}
