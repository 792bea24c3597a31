package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.training.catalog.Violations;
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
import java.util.Random;

/** Data, specs and an observer shared by the training loop's tests. */
final class LoopFixtures {

    private LoopFixtures() {}

    /** Two classes separated by the plane x0 + x1 = 0, in 4 dimensions. */
    static TrainingData separable(NDManager manager, int train, int validation) {
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
        return validation == 0 ? new TrainingData(features, labels, null, null, 2, null)
                : new TrainingData(features.get("0:{}", train), labels.get("0:{}", train), features.get("{}:", train), labels.get("{}:", train), 2, null);
    }

    static TrainingSpec spec(Map<String, Object> optimizer, String loss, int epochs, Integer batchSize, long seed) {
        Violations v = new Violations();
        LayerSpec hidden = new LayerSpec(16, Activations.CATALOG.resolve(Map.of("type", "tanh"), "", v).orElseThrow(), 0.1, null);
        TrainingSpec spec = new TrainingSpec(List.of(hidden),
                Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", loss), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(optimizer, "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(),
                Regularization.NONE, epochs, batchSize, seed, DeviceChoice.parse("cpu"));
        assertThat(v.asList()).isEmpty();
        return spec;
    }

    static class Recorder implements TrainingObserver {
        final List<EpochMetrics> epochs = new ArrayList<>();
        final java.util.Map<Integer, byte[]> checkpoints = new java.util.HashMap<>();
        int stopAfter = Integer.MAX_VALUE;
        /** Every bestEpochSoFar report, in order. */
        final List<Integer> bestSoFar = new ArrayList<>();
        /** Stops before the batch after this many (counting every batch of the run). */
        int stopAfterBatches = Integer.MAX_VALUE;
        int polls;
        io.descent.training.checkpoint.EpochPosition stoppedAt;
        byte[] stoppedState;

        @Override
        public void epochFinished(EpochMetrics metrics, io.descent.training.checkpoint.StateWriter checkpoint) {
            epochs.add(metrics);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try {
                checkpoint.writeTo(bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            checkpoints.put(metrics.epoch(), bytes.toByteArray());
        }

        @Override
        public void bestEpochSoFar(int epoch) {
            bestSoFar.add(epoch);
        }

        @Override
        public boolean stopRequested() {
            return epochs.size() >= stopAfter || polls++ >= stopAfterBatches;
        }

        @Override
        public void stoppedInEpoch(io.descent.training.checkpoint.EpochPosition position, io.descent.training.checkpoint.StateWriter state) {
            stoppedAt = position;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try {
                state.writeTo(bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            stoppedState = bytes.toByteArray();
        }

        List<Double> losses() {
            return epochs.stream().map(EpochMetrics::trainLoss).toList();
        }
    }

    /** Wraps a catalogue optimizer and counts the updates the loop makes. */
    static final class CountingOptimizer implements io.descent.training.optim.OptimizerDefinition {
        private final io.descent.training.optim.OptimizerDefinition inner;
        int updates;

        CountingOptimizer(io.descent.training.optim.OptimizerDefinition inner) {
            this.inner = inner;
        }

        @Override
        public String type() {
            return inner.type();
        }

        @Override
        public List<io.descent.training.catalog.ParamDef> params() {
            return inner.params();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public int stateSlots(io.descent.training.catalog.Params params) {
            return inner.stateSlots(params);
        }

        @Override
        public io.descent.training.optim.ParameterUpdater create(io.descent.training.catalog.Params params, NDManager manager) {
            io.descent.training.optim.ParameterUpdater updater = inner.create(params, manager);
            return new io.descent.training.optim.ParameterUpdater() {
                @Override
                public void step(List<io.descent.training.optim.TrainableParameter> parameters, double learningRate) {
                    updates++;
                    updater.step(parameters, learningRate);
                }

                @Override
                public void save(io.descent.training.checkpoint.StateOutput out) throws java.io.IOException {
                    updater.save(out);
                }

                @Override
                public void restore(io.descent.training.checkpoint.StateInput in) throws java.io.IOException {
                    updater.restore(in);
                }

                @Override
                public void close() {
                    updater.close();
                }
            };
        }
    }

    /** Wraps a catalogue loss and records the labels of every batch it sees (with no validation split, the training batches alone). */
    static final class RecordingLoss implements io.descent.training.loss.LossDefinition {
        private final io.descent.training.loss.LossDefinition inner;
        final List<long[]> batches = new ArrayList<>();

        RecordingLoss(io.descent.training.loss.LossDefinition inner) {
            this.inner = inner;
        }

        @Override
        public String type() {
            return inner.type();
        }

        @Override
        public List<io.descent.training.catalog.ParamDef> params() {
            return inner.params();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public java.util.Set<io.descent.training.loss.TargetKind> targets() {
            return inner.targets();
        }

        @Override
        public io.descent.training.loss.LossFunction create(io.descent.training.catalog.Params params, int classes) {
            io.descent.training.loss.LossFunction loss = inner.create(params, classes);
            return new io.descent.training.loss.LossFunction() {
                @Override
                public NDArray output(NDArray raw) {
                    return loss.output(raw);
                }

                @Override
                public NDArray elements(NDArray output, NDArray target) {
                    batches.add(target.toLongArray());
                    return loss.elements(output, target);
                }

                @Override
                public NDArray reduce(NDArray elements) {
                    return loss.reduce(elements);
                }
            };
        }
    }
}
