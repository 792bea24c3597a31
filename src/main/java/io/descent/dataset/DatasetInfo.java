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
}
