package io.descent.dataset;

import ai.djl.ndarray.NDManager;
import io.descent.system.Lease;
import io.descent.training.TrainingData;

/**
 * One job's (or evaluation's) view of a cached dataset, holding a lease on it: the dataset's
 * tensors stay loaded until this is closed. Closing frees the user's own split copies and
 * releases the lease.
 */
public final class PreparedData implements AutoCloseable {

    private final TrainingData data;
    private final NDManager owned;
    private final Lease<?> dataset;

    PreparedData(TrainingData data, NDManager owned, Lease<?> dataset) {
        this.data = data;
        this.owned = owned;
        this.dataset = dataset;
    }

    public TrainingData data() {
        return data;
    }

    @Override
    public void close() {
        try (dataset) {
            owned.close();
        }
    }
}
