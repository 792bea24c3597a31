package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.StateWriter;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-batch report a samples counter is built on: one call per trained batch, with its rows. */
class BatchReportTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void everyBatchIsReportedWithItsRowsTheLastPartialOneIncluded() {
        int rows = 10;
        float[] x = new float[rows * 3];
        long[] y = new long[rows];
        for (int i = 0; i < rows; i++) {
            x[i * 3 + i % 3] = 1;
            y[i] = i % 2;
        }
        TrainingData data = new TrainingData(manager.create(x, new Shape(rows, 3)), manager.create(y), null, null, 2, null);
        Violations v = new Violations();
        TrainingSpec spec = new TrainingSpec(List.of(new LayerSpec(4, Activations.CATALOG.resolve(Map.of("type", "relu"), "", v).orElseThrow(), 0, null)),
                Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", 0.1), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(), Regularization.NONE, 2, 4, 1, DeviceChoice.parse("cpu"));
        List<Integer> batches = new ArrayList<>();
        List<Integer> batchesAtEpochEnd = new ArrayList<>();
        new TrainingLoop(Engine.getEngine("PyTorch")).run(spec, data, new TrainingObserver() {
            @Override
            public void epochFinished(EpochMetrics metrics, StateWriter checkpoint) {
                batchesAtEpochEnd.add(batches.size());
            }

            @Override
            public void batchFinished(int size) {
                batches.add(size);
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        });
        // 10 rows in batches of 4: 4, 4, 2 per epoch, each reported before its epoch ends.
        assertThat(batches).containsExactly(4, 4, 2, 4, 4, 2);
        assertThat(batchesAtEpochEnd).containsExactly(3, 6);
    }
}
