package io.descent.dataset.generate;

/**
 * Samples a generator made: row-major features, then labels (class indices as floats, or values).
 *
 * @param classes 0 for regression
 */
public record GeneratedData(int features, int classes, int trainRows, int testRows, float[] x, float[] y) {}
