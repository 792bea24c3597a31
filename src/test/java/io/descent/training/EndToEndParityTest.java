package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.descent.support.Tensors;
import io.descent.training.LoopFixtures.Recorder;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.RunState;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.nn.NetworkBuilder;
import io.descent.training.optim.Optimizers;
import io.descent.training.parity.ParityVectors;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.Schedules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole loop against PyTorch: the same 4-5-3 network (tanh, dropout off), data, initial weights
 * (PyTorch's, loaded from the vector file) and batch order (Descent's per-epoch shuffle, which the
 * generator reproduces bit for bit) trained for 3 epochs in Descent and in PyTorch, a partial last
 * batch in every epoch: every step's loss equal to relative 1e-5, and the final parameters too.
 */
class EndToEndParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("end_to_end").stream().map(c -> Arguments.of(c.get("optimizer").toString(), c));
    }

    /** Sees the running loss after every step: the loss of each step is the difference of the running sums. */
    private static final class StepLosses extends Recorder {
        final List<Double> sums = new ArrayList<>();
        final List<Integer> rows = new ArrayList<>();
        private final int batchSize;
        private final int n;
        private double epochSum;

        StepLosses(int batchSize, int n) {
            this.batchSize = batchSize;
            this.n = n;
        }

        @Override
        public java.time.Duration progressInterval() {
            return java.time.Duration.ZERO;
        }

        @Override
        public void progress(Progress progress) {
            int trained = progress.batch() * batchSize;
            add(progress.runningLoss() * trained, batchSize);
        }

        @Override
        public void epochFinished(EpochMetrics metrics, io.descent.training.checkpoint.StateWriter checkpoint) {
            super.epochFinished(metrics, checkpoint);
            add(metrics.trainLoss() * n, n - (n - 1) / batchSize * batchSize);
            epochSum = 0;
        }

        private void add(double runningSum, int batchRows) {
            sums.add((runningSum - epochSum) / batchRows);
            rows.add(batchRows);
            epochSum = runningSum;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void everyStepsLossIsPyTorchs(String name, Map<String, Object> vector) throws IOException {
        int batchSize = ((Number) vector.get("batchSize")).intValue();
        int epochs = ((Number) vector.get("epochs")).intValue();
        int classes = ((Number) vector.get("classes")).intValue();
        List<Number> labels = (List<Number>) vector.get("labels");
        int n = labels.size();
        float[][] initial = ParityVectors.floats2(vector.get("initial"));
        float[][] expectedFinal = ParityVectors.floats2(vector.get("final"));
        float[] expectedLosses = ParityVectors.floats(vector.get("losses"));
        Violations v = new Violations();
        TrainingSpec spec = new TrainingSpec(
                List.of(new LayerSpec(((Number) vector.get("hidden")).intValue(),
                        Activations.CATALOG.resolve(Map.of("type", vector.get("activation")), "", v).orElseThrow(), 0, null)),
                Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve((Map<String, Object>) vector.get("optimizer"), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(),
                Regularization.NONE, epochs, batchSize, ((Number) vector.get("seed")).longValue(), DeviceChoice.parse("cpu"));
        assertThat(v.asList()).isEmpty();
        try (NDManager manager = Tensors.newManager()) {
            TrainingData data = new TrainingData(manager.create(ParityVectors.floats(vector.get("features")), new Shape(n, 4)),
                    manager.create(labels.stream().mapToLong(Number::longValue).toArray()), null, null, classes, null);
            TrainingLoop loop = new TrainingLoop(Engine.getEngine("PyTorch"), parameters -> {
                for (int i = 0; i < parameters.size(); i++) {
                    Parameter p = parameters.get(i).getValue();
                    assertThat(p.getArray().size()).as(parameters.get(i).getKey()).isEqualTo(initial[i].length);
                    p.getArray().set(initial[i]);
                }
            });
            StepLosses observer = new StepLosses(batchSize, n);
            loop.run(spec, data, observer);

            assertThat(observer.sums).hasSameSizeAs(expectedLosses);
            for (int s = 0; s < expectedLosses.length; s++) {
                assertThat(ParityVectors.close(observer.sums.get(s), expectedLosses[s], 1e-5, 0))
                        .as("step %d (%d rows): loss %s vs PyTorch %s", s + 1, observer.rows.get(s), observer.sums.get(s), expectedLosses[s]).isTrue();
            }
            try (NDManager scope = manager.newSubManager()) {
                PairList<String, Parameter> parameters = NetworkBuilder.build(spec.layers(), spec.init(), 4, classes, scope).block().getParameters();
                RunState.readParameters(new ByteArrayInputStream(observer.checkpoints.get(epochs)), parameters);
                for (int i = 0; i < parameters.size(); i++) {
                    float[] actual = parameters.get(i).getValue().getArray().toFloatArray();
                    double floor = 1e-6 * Math.max(max(expectedFinal[i]), max(initial[i]));
                    for (int e = 0; e < actual.length; e++) {
                        assertThat(ParityVectors.close(actual[e], expectedFinal[i][e], 1e-5, floor))
                                .as("final %s element %d: %s vs PyTorch %s", parameters.get(i).getKey(), e, actual[e], expectedFinal[i][e]).isTrue();
                    }
                }
            }
        }
    }

    private static double max(float[] values) {
        double m = 0;
        for (float f : values) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }
}
