package io.descent.dataset;

import ai.djl.ndarray.NDArray;

/** A dataset's splits in native memory, shared read-only by every job that names it. */
record LoadedDataset(NDArray trainFeatures, NDArray trainLabels, NDArray testFeatures, NDArray testLabels) {}
