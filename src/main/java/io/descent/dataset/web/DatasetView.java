package io.descent.dataset.web;

import java.util.List;

/** A dataset as {@code GET /api/v1/datasets} shows it. */
record DatasetView(
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
        String source) {}
