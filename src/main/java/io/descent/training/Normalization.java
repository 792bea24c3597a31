package io.descent.training;

import java.util.List;

/**
 * Feature scaling fitted on a job's training split: x' = (x − shift) / scale per feature.
 * Kept with the trained model, because predictions must scale their inputs the same way.
 *
 * @param kind "standard" (shift = mean, scale = standard deviation) or "minmax" (shift = min,
 *     scale = max − min); a constant feature gets scale 1
 */
public record Normalization(String kind, List<Double> shift, List<Double> scale) {}
