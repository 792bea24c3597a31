package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two runs on two threads take turns batch by batch (EngineLock) and each ends exactly as it does alone. */
class ConcurrentRunsTest {

    private final NDManager manager = Tensors.newManager();
    private final TrainingLoop loop = new TrainingLoop(Engine.getEngine("PyTorch"));

    @AfterEach
    void close() {
        manager.close();
    }

    private TrainingData data(int train, int validation, long seed) {
        Random random = new Random(seed);
        int n = train + validation;
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) random.nextGaussian();
            }
            y[i] = x[i * 4] - x[i * 4 + 2] > 0 ? 1 : 0;
        }
        NDArray features = manager.create(x, new Shape(n, 4));
        NDArray labels = manager.create(y);
        return new TrainingData(features.get("0:{}", train), labels.get("0:{}", train), features.get("{}:", train), labels.get("{}:", train), 2, null);
    }

    private static TrainingSpec spec(int epochs, int batchSize, long seed) {
        Violations v = new Violations();
        LayerSpec hidden = new LayerSpec(16, Activations.CATALOG.resolve(Map.of("type", "relu"), "", v).orElseThrow(), 0.2, null);
        return new TrainingSpec(List.of(hidden), Initializations.CATALOG.resolve(Map.of("type", "xavier_uniform"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", 0.1, "momentum", 0.9), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(), Regularization.NONE, epochs, batchSize, seed,
                DeviceChoice.parse("cpu"));
    }

    /** Keeps each epoch's numbers without its timings, which differ from run to run. */
    private static final class Recorder implements TrainingObserver {
        final List<List<Object>> epochs = new CopyOnWriteArrayList<>();
        final CountDownLatch firstBatch = new CountDownLatch(1);

        @Override
        public void epochFinished(EpochMetrics m, StateWriter checkpoint) {
            epochs.add(List.of(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy(), m.weightNorm(),
                    m.updateRatio()));
        }

        @Override
        public void firstBatchFinished() {
            firstBatch.countDown();
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }

    @Test
    void aShortRunGetsInBetweenTheBatchesOfALongOneAndBothEndAsTheyDoAlone() throws Exception {
        TrainingSpec longSpec = spec(40, 16, 5);
        TrainingSpec shortSpec = spec(3, 4, 77); // a preflight: 20 samples, 5 batches an epoch
        TrainingData longData = data(512, 128, 1);
        TrainingData shortData = data(20, 8, 2);
        Recorder longAlone = new Recorder();
        loop.run(longSpec, longData, longAlone);
        Recorder shortAlone = new Recorder();
        loop.run(shortSpec, shortData, shortAlone);

        Recorder longTogether = new Recorder();
        Recorder shortTogether = new Recorder();
        CompletableFuture<TrainingResult> longRun = CompletableFuture.supplyAsync(() -> loop.run(longSpec, longData, longTogether));
        assertThat(longTogether.firstBatch.await(60, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<TrainingResult> shortRun = CompletableFuture.supplyAsync(() -> loop.run(shortSpec, shortData, shortTogether));
        shortRun.get(60, TimeUnit.SECONDS);
        int longEpochsWhenShortEnded = longTogether.epochs.size();
        longRun.get(120, TimeUnit.SECONDS);

        assertThat(longEpochsWhenShortEnded).as("the short run did not wait for the long one").isLessThan(40);
        assertThat(shortTogether.epochs).isEqualTo(shortAlone.epochs);
        assertThat(longTogether.epochs).isEqualTo(longAlone.epochs);
        assertThat(longAlone.epochs).hasSize(40);
    }
}
