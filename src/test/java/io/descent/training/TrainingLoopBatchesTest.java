package io.descent.training;

import static io.descent.training.LoopFixtures.separable;
import static io.descent.training.LoopFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.LoopFixtures.CountingOptimizer;
import io.descent.training.LoopFixtures.Recorder;
import io.descent.training.LoopFixtures.RecordingLoss;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.nn.Activations;
import io.descent.training.nn.LayerSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the loop does with batches: how many updates, which rows, in which order, and what it measures. */
class TrainingLoopBatchesTest {

    private final NDManager manager = Tensors.newManager();
    private final TrainingLoop loop = new TrainingLoop(Engine.getEngine("PyTorch"));

    @AfterEach
    void close() {
        manager.close();
    }

    private static TrainingSpec counted(TrainingSpec spec, CountingOptimizer optimizer, RecordingLoss loss) {
        return new TrainingSpec(spec.layers(), spec.init(),
                loss == null ? spec.loss() : new Configured<>(loss, spec.loss().params()),
                new Configured<>(optimizer, spec.optimizer().params()), spec.schedule(), spec.regularization(), spec.epochs(),
                spec.batchSize(), spec.seed(), spec.device());
    }

    /** n rows whose label is the row's index (n classes), so the labels a batch carries name its rows. */
    private TrainingData indexed(int n) {
        float[] x = new float[n * 4];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new TrainingData(manager.create(x, new Shape(n, 4)), manager.create(LongStream.range(0, n).toArray()), null, null, n, null);
    }

    @Test
    void fullBatchMakesOneUpdatePerEpoch() {
        TrainingSpec base = spec(Map.of("type", "sgd", "lr", 0.5), "cross_entropy", 30, null, 3);
        CountingOptimizer optimizer = new CountingOptimizer(base.optimizer().definition());
        Recorder recorder = new Recorder();
        loop.run(counted(base, optimizer, null), separable(manager, 200, 0), recorder);

        assertThat(optimizer.updates).isEqualTo(30);
        assertThat(recorder.epochs).hasSize(30);
    }

    @Test
    void aPartialLastBatchIsTrainedOnceWithTheRowsLeft() {
        TrainingSpec base = spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 2, 4, 3);
        CountingOptimizer optimizer = new CountingOptimizer(base.optimizer().definition());
        RecordingLoss loss = new RecordingLoss(base.loss().definition());
        loop.run(counted(base, optimizer, loss), indexed(10), new Recorder());

        assertThat(optimizer.updates).as("ceil(10 / 4) updates an epoch").isEqualTo(6);
        assertThat(loss.batches).extracting(b -> b.length).containsExactly(4, 4, 2, 4, 4, 2);
    }

    @Test
    void everyEpochVisitsEveryRowOnceInANewOrderThatTheSeedFixes() {
        TrainingSpec base = spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 4, 5, 8);
        RecordingLoss first = new RecordingLoss(base.loss().definition());
        RecordingLoss again = new RecordingLoss(base.loss().definition());
        loop.run(counted(base, new CountingOptimizer(base.optimizer().definition()), first), indexed(20), new Recorder());
        loop.run(counted(base, new CountingOptimizer(base.optimizer().definition()), again), indexed(20), new Recorder());

        List<long[]> epochs = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            epochs.add(concatenated(first.batches.subList(e * 4, e * 4 + 4)));
        }
        for (long[] order : epochs) {
            assertThat(Arrays.stream(order).sorted().toArray()).as("a permutation of the rows").containsExactly(LongStream.range(0, 20).toArray());
        }
        assertThat(epochs.stream().map(Arrays::toString).distinct()).as("a new order every epoch").hasSize(4);
        assertThat(epochs.get(0)).as("not the rows' own order").isNotEqualTo(LongStream.range(0, 20).toArray());
        for (int b = 0; b < first.batches.size(); b++) {
            assertThat(again.batches.get(b)).as("the same seed, the same batches").containsExactly(first.batches.get(b));
        }
    }

    private static long[] concatenated(List<long[]> batches) {
        return batches.stream().flatMapToLong(Arrays::stream).toArray();
    }

    @Test
    void validationRunsWithDropoutOff() throws IOException {
        Violations v = new Violations();
        TrainingSpec base = spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 2, 16, 4);
        TrainingSpec spec = new TrainingSpec(List.of(new LayerSpec(32, Activations.CATALOG.resolve(Map.of("type", "relu"), "", v).orElseThrow(), 0.5, null)),
                base.init(), base.loss(), base.optimizer(), base.schedule(), base.regularization(), 2, 16, 4, base.device());
        TrainingData data = separable(manager, 64, 64);
        Recorder recorder = new Recorder();
        loop.run(spec, data, recorder);

        // The same parameters without dropout, through the inference path, on the validation rows.
        try (TrainedModel model = new TrainedModel(Engine.getEngine("PyTorch"), spec, 4, 2, null, new ByteArrayInputStream(recorder.checkpoints.get(2)));
                NDManager scope = manager.newSubManager()) {
            NDArray terms = model.lossTerms(data.validationFeatures(), data.validationLabels(), scope);
            double withoutDropout = terms.mean().getFloat();
            assertThat(recorder.epochs.get(1).validationLoss()).isCloseTo(withoutDropout, within(1e-6 * withoutDropout));
        }
    }

    @Test
    void samplesPerSecondIsTheEpochsSamplesOverItsTrainingTime() {
        // Every batch waits 20 ms in the observer's poll: 8 batches of 64 rows take at least 0.16 s.
        Recorder slow = new Recorder() {
            @Override
            public boolean stopRequested() {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
        };
        loop.run(spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 2, 64, 1), separable(manager, 512, 0), slow);

        assertThat(slow.epochs).allSatisfy(m -> {
            assertThat(m.samplesPerSecond()).as("at most 512 rows / 0.16 s").isLessThanOrEqualTo(512 / 0.16);
            assertThat(m.samplesPerSecond()).as("at least 512 rows over the whole epoch").isGreaterThanOrEqualTo(512 / ((m.durationMs() + 1) / 1000.0));
        });
    }
}
