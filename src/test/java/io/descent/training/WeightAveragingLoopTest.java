package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.averaging.WeightAveragings;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.EpochPosition;
import io.descent.training.checkpoint.ResumePoint;
import io.descent.training.checkpoint.StateWriter;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.Schedules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run with weight averaging trains the raw parameters as before and validates (and hands out) the average. */
class WeightAveragingLoopTest {

    private final Engine engine = Engine.getEngine("PyTorch");
    private final NDManager manager = Tensors.newManager();
    private final TrainingLoop loop = new TrainingLoop(engine);
    private final TrainingData data = separable(256, 64);

    @AfterEach
    void close() {
        manager.close();
    }

    private TrainingData separable(int train, int validation) {
        Random random = new Random(7);
        int n = train + validation;
        float[] x = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) random.nextGaussian();
            }
            y[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0;
        }
        NDArray features = manager.create(x, new Shape(n, 4));
        NDArray labels = manager.create(y);
        return new TrainingData(features.get("0:{}", train), labels.get("0:{}", train), features.get("{}:", train), labels.get("{}:", train), 2, null);
    }

    private static TrainingSpec spec(Map<String, Object> averaging) {
        Violations v = new Violations();
        LayerSpec hidden = new LayerSpec(16, Activations.CATALOG.resolve(Map.of("type", "tanh"), "", v).orElseThrow(), 0.1, null);
        TrainingSpec spec = new TrainingSpec(List.of(hidden), Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", 0.2, "momentum", 0.9), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(), Regularization.NONE, 5, 32, 3, DeviceChoice.parse("cpu"),
                averaging == null ? null : WeightAveragings.CATALOG.resolve(averaging, "", v).orElseThrow());
        assertThat(v.asList()).isEmpty();
        return spec;
    }

    private static final class Recorder implements TrainingObserver {
        final List<EpochMetrics> epochs = new ArrayList<>();
        final Map<Integer, byte[]> checkpoints = new HashMap<>();
        int stopAfterBatches = Integer.MAX_VALUE;
        int polls;
        byte[] stoppedState;

        @Override
        public void epochFinished(EpochMetrics metrics, StateWriter checkpoint) {
            epochs.add(metrics);
            checkpoints.put(metrics.epoch(), bytes(checkpoint));
        }

        @Override
        public void stoppedInEpoch(EpochPosition position, StateWriter state) {
            stoppedState = bytes(state);
        }

        @Override
        public boolean stopRequested() {
            return polls++ >= stopAfterBatches;
        }

        private static byte[] bytes(StateWriter writer) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                writer.writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    private Recorder run(TrainingSpec spec) {
        Recorder recorder = new Recorder();
        loop.run(spec, data, recorder);
        return recorder;
    }

    @Test
    void emaValidatesTheAveragedWeightsWhileTheRawOnesTrainAsWithout() {
        Recorder plain = run(spec(null));
        Recorder ema = run(spec(Map.of("type", "ema", "decay", 0.9)));

        for (int i = 0; i < 5; i++) {
            assertThat(ema.epochs.get(i).trainLoss()).isEqualTo(plain.epochs.get(i).trainLoss());
            assertThat(ema.epochs.get(i).weightNorm()).isEqualTo(plain.epochs.get(i).weightNorm());
            assertThat(ema.epochs.get(i).validationLoss()).as("epoch %d", i + 1).isNotEqualTo(plain.epochs.get(i).validationLoss());
        }
    }

    @Test
    void swaUsesTheRawWeightsUntilItsStartEpochAndTheMeanFromIt() {
        Recorder plain = run(spec(null));
        Recorder swa = run(spec(Map.of("type", "swa", "startEpoch", 3)));

        for (int i = 0; i < 5; i++) {
            assertThat(swa.epochs.get(i).trainLoss()).isEqualTo(plain.epochs.get(i).trainLoss());
        }
        // Epoch 3's mean is of one value (the copy), so it still equals the raw weights.
        for (int i = 0; i < 3; i++) {
            assertThat(swa.epochs.get(i).validationLoss()).as("epoch %d", i + 1).isEqualTo(plain.epochs.get(i).validationLoss());
        }
        assertThat(swa.epochs.get(3).validationLoss()).isNotEqualTo(plain.epochs.get(3).validationLoss());
        assertThat(swa.epochs.get(4).validationLoss()).isNotEqualTo(plain.epochs.get(4).validationLoss());
    }

    @Test
    void theTrainedModelIsTheAverageTheLastEpochWasValidatedWith() throws IOException {
        TrainingSpec spec = spec(Map.of("type", "ema", "decay", 0.9));
        Recorder ema = run(spec);

        try (TrainedModel model = new TrainedModel(engine, spec, 4, 2, null, new ByteArrayInputStream(ema.checkpoints.get(5)));
                NDManager scope = manager.newSubManager()) {
            double loss = model.lossTerms(data.validationFeatures(), data.validationLabels(), scope).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .mean().getDouble();
            assertThat(loss).isCloseTo(ema.epochs.get(4).validationLoss(), org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        try (TrainedModel raw = new TrainedModel(engine, spec(null), 4, 2, null, new ByteArrayInputStream(ema.checkpoints.get(5)));
                NDManager scope = manager.newSubManager()) {
            double loss = raw.lossTerms(data.validationFeatures(), data.validationLabels(), scope).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .mean().getDouble();
            assertThat(loss).as("the raw weights differ").isNotCloseTo(ema.epochs.get(4).validationLoss(),
                    org.assertj.core.data.Percentage.withPercentage(1e-2));
        }
    }

    @Test
    void runsResumedInsideAnEpochOrAfterOneEndExactlyLikeUninterruptedOnes() {
        for (Map<String, Object> averaging : List.of(Map.<String, Object>of("type", "ema", "decay", 0.8),
                Map.<String, Object>of("type", "swa", "startEpoch", 2))) {
            TrainingSpec spec = spec(averaging);
            Recorder whole = run(spec);

            Recorder stopped = new Recorder();
            stopped.stopAfterBatches = 2 * 8 + 5; // inside epoch 3, 8 batches an epoch
            loop.run(spec, data, stopped);
            Recorder resumedInside = new Recorder();
            loop.run(spec, data, resumedInside, new ResumePoint(2, new ByteArrayInputStream(stopped.stoppedState)));
            Recorder resumedAfter = new Recorder();
            loop.run(spec, data, resumedAfter, new ResumePoint(3, new ByteArrayInputStream(whole.checkpoints.get(3))));

            for (int epoch = 3; epoch <= 5; epoch++) {
                EpochMetrics expected = whole.epochs.get(epoch - 1);
                EpochMetrics inside = resumedInside.epochs.get(epoch - 3);
                assertThat(inside.validationLoss()).as("%s epoch %d", averaging, epoch).isEqualTo(expected.validationLoss());
                assertThat(inside.trainLoss()).isEqualTo(expected.trainLoss());
                assertThat(resumedInside.checkpoints.get(epoch)).isEqualTo(whole.checkpoints.get(epoch));
            }
            for (int epoch = 4; epoch <= 5; epoch++) {
                assertThat(resumedAfter.epochs.get(epoch - 4).validationLoss()).as("%s epoch %d", averaging, epoch)
                        .isEqualTo(whole.epochs.get(epoch - 1).validationLoss());
                assertThat(resumedAfter.checkpoints.get(epoch)).isEqualTo(whole.checkpoints.get(epoch));
            }
        }
    }
}
