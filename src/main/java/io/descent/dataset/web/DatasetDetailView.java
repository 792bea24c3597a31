package io.descent.dataset.web;

import io.descent.dataset.DatasetService;
import java.util.List;

/** One dataset with its features' statistics (training split). */
record DatasetDetailView(
        String id,
        String name,
        String description,
        String task,
        int trainSamples,
        int testSamples,
        List<Integer> featureShape,
        int classes,
        List<String> classNames,
        boolean available,
        String source,
        List<DatasetService.FeatureStats> features) {}
