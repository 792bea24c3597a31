package io.descent.job.spec;

import java.util.List;

/**
 * Hidden layers; the output layer follows from the dataset and the loss.
 *
 * @param init weight initialization: a name such as "xavier_uniform" or an object with parameters
 */
public record ModelSpec(List<LayerRequest> layers, Object init) {}
