package io.descent.job.spec;

import java.util.List;

/** Hidden layers; the output layer follows from the dataset and the loss. */
public record ModelSpec(List<LayerRequest> layers) {}
