package io.descent.job;

import io.descent.training.Normalization;
import java.util.List;

/**
 * What a trained model needs besides its weights, recorded when the job starts training: the
 * output classes (empty for regression), the input width and the feature scaling to apply.
 */
public record ModelInfo(String datasetId, List<String> classNames, int features, Normalization normalization) {}
