package io.descent.training.nn;

import io.descent.training.catalog.Configured;

/**
 * A fully connected hidden layer: {@code units} outputs, then the activation, then dropout.
 *
 * @param dropout probability in [0, 1) of zeroing each output in training
 */
public record LayerSpec(int units, Configured<ActivationDefinition> activation, double dropout) {}
