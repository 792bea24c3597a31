package io.descent.training.nn;

import io.descent.training.catalog.Configured;

/**
 * A fully connected hidden layer: {@code units} outputs, then the activation, then dropout.
 *
 * @param dropout probability in [0, 1) of zeroing each output in training
 * @param maxNorm if non-null, after every update each unit's incoming weight vector is rescaled
 *     to L2 norm at most this (a max-norm constraint, as torch.renorm)
 */
public record LayerSpec(int units, Configured<ActivationDefinition> activation, double dropout, Double maxNorm) {}
