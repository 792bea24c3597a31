package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RowGathererTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void gathersTheRowsInTheGivenOrder() {
        NDArray features = manager.arange(0f, 30f).reshape(10, 3);
        RowGatherer gatherer = new RowGatherer(features, manager);
        int[] order = {7, 2, 9, 0, 4, 4};
        try (NDManager batch = manager.newSubManager()) {
            NDArray rows = gatherer.gather(batch, order, 1, 5);
            assertThat(rows.getShape()).isEqualTo(new Shape(4, 3));
            assertThat(rows.toFloatArray()).containsExactly(6, 7, 8, 27, 28, 29, 0, 1, 2, 12, 13, 14);
        }
    }

    @Test
    void keepsTheDataTypeAndTheShapeOfEachRow() {
        NDArray labels = manager.create(new long[] {10, 11, 12, 13});
        RowGatherer gatherer = new RowGatherer(labels, manager);
        try (NDManager batch = manager.newSubManager()) {
            assertThat(gatherer.gather(batch, new int[] {3, 1}, 0, 2).toLongArray()).containsExactly(13, 11);
        }
        NDArray images = manager.arange(0f, 16f).reshape(4, 2, 2);
        try (NDManager batch = manager.newSubManager()) {
            NDArray one = new RowGatherer(images, manager).gather(batch, new int[] {2}, 0, 1);
            assertThat(one.getShape()).isEqualTo(new Shape(1, 2, 2));
            assertThat(one.toFloatArray()).containsExactly(8, 9, 10, 11);
        }
    }

    @Test
    void aBatchStaysIntactWhileTheNextIsGathered() {
        // Batches alias two buffers in turn: a step's batch must survive the next step's gather.
        NDArray features = manager.arange(0f, 40f).reshape(20, 2);
        RowGatherer gatherer = new RowGatherer(features, manager);
        int[] order = {5, 6, 7, 8, 9, 10};
        NDArray first = gatherer.gather(manager, order, 0, 3);
        gatherer.gather(manager, order, 3, 6);
        assertThat(first.toFloatArray()).containsExactly(10, 11, 12, 13, 14, 15);
        // The last batch of an epoch may be smaller than the buffer.
        NDArray last = gatherer.gather(manager, order, 5, 6);
        assertThat(last.toFloatArray()).containsExactly(20, 21);
    }
}
