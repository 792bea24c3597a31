package io.descent.dataset;

import ai.djl.ndarray.NDManager;
import io.descent.training.TrainingData;

/** One job's view of a cached dataset; closing it frees only the job's own split copies. */
public final class PreparedData implements AutoCloseable {

    private final TrainingData data;
    private final NDManager owned;

    PreparedData(TrainingData data, NDManager owned) {
        this.data = data;
        this.owned = owned;
    }

    public TrainingData data() {
        return data;
    }

    @Override
    public void close() {
        owned.close();
    }
}
