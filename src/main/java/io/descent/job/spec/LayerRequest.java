package io.descent.job.spec;

/**
 * @param activation a name such as "relu", or an object {"type": "leaky_relu", "slope": 0.1}
 * @param maxNorm optional max-norm constraint on each unit's incoming weights
 */
public record LayerRequest(String type, Integer units, Object activation, Double dropout, Double maxNorm) {}
