package io.descent.dataset;

import java.util.List;

/**
 * What a dataset is, before it is loaded.
 *
 * @param featureShape shape of one sample, e.g. [28, 28]; flattened for dense networks
 * @param classNames empty for regression
 */
public record DatasetInfo(
        String id,
        String name,
        String description,
        int trainSamples,
        int testSamples,
        List<Integer> featureShape,
        List<String> classNames,
        String source) {

    public int classes() {
        return classNames.size();
    }

    /** Features per sample, the shape flattened. */
    public int featureCount() {
        return featureShape.stream().reduce(1, (a, b) -> a * b);
    }

    /** What both splits take in memory once loaded. */
    public long tensorBytes() {
        return tensorBytes((long) trainSamples + testSamples, featureCount(), classes() > 0);
    }

    /** Bytes {@code rows} samples take in memory: float32 features, and int64 class indices or float32 values. */
    public static long tensorBytes(long rows, long features, boolean classification) {
        return rows * (features * 4 + (classification ? 8 : 4));
    }
}
