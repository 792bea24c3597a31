package io.descent.training;

import ai.djl.ndarray.NDArray;

/**
 * In-memory tensors of one job's splits. The arrays belong to the caller (typically a dataset
 * cache shared by jobs); the training loop never closes or mutates them.
 *
 * @param trainFeatures float32 [n, features]
 * @param trainLabels int64 class indices [n], or float32 values [n] for regression
 * @param validationFeatures null when the job validates on nothing
 * @param classes number of classes, 0 for a regression target
 * @param normalization how the features were scaled (already applied to these arrays), null if not
 */
public record TrainingData(
        NDArray trainFeatures,
        NDArray trainLabels,
        NDArray validationFeatures,
        NDArray validationLabels,
        int classes,
        Normalization normalization) {

    public boolean hasValidation() {
        return validationFeatures != null;
    }

    public int trainSize() {
        return Math.toIntExact(trainFeatures.getShape().get(0));
    }

    public int featureSize() {
        return Math.toIntExact(trainFeatures.getShape().get(1));
    }
}
