package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.Optimizers;
import io.descent.training.optim.ParameterUpdater;
import io.descent.training.optim.TrainableParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer configuration follows torch.optim step for step over 25 steps, on two parameter
 * tensors (a vector and a matrix, each with its own state) and with a learning rate that changes at
 * every step; relative 1e-5, with an absolute floor per element a millionth of the largest
 * magnitude that element takes (far below every value checked, except where a parameter passes
 * through 0, which float32 resolves only to the rounding of its earlier magnitude).
 */
class OptimizerParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("optimizers").stream().map(c -> Arguments.of(c.get("spec").toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name, Map<String, Object> vector) {
        Violations violations = new Violations();
        Configured<OptimizerDefinition> optimizer = Optimizers.CATALOG
                .resolve((Map<String, Object>) vector.get("spec"), "", violations).orElseThrow(() -> new AssertionError(violations.asList()));
        List<List<Number>> shapes = (List<List<Number>>) vector.get("shapes");
        float[][] starts = ParityVectors.floats2(vector.get("start"));
        float[] rates = ParityVectors.floats(vector.get("learningRates"));
        List<Object> gradients = (List<Object>) vector.get("gradients");
        List<Object> expected = (List<Object>) vector.get("parameters");
        // A parameter passing through 0 cannot be nearer than float32 rounding of the magnitude it
        // had: each element's floor is a millionth of the largest magnitude it takes in the case.
        float[][] scale = new float[starts.length][];
        for (int i = 0; i < starts.length; i++) {
            scale[i] = new float[starts[i].length];
            for (int e = 0; e < starts[i].length; e++) {
                scale[i][e] = Math.abs(starts[i][e]);
                for (Object step : expected) {
                    scale[i][e] = Math.max(scale[i][e], Math.abs(ParityVectors.floats2(step)[i][e]));
                }
            }
        }
        try (NDManager manager = Tensors.newManager();
                ParameterUpdater updater = optimizer.definition().create(optimizer.params(), manager)) {
            List<NDArray> values = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                values.add(manager.create(starts[i], new Shape(shapes.get(i).stream().mapToLong(Number::longValue).toArray())));
            }
            for (int t = 0; t < gradients.size(); t++) {
                float[][] g = ParityVectors.floats2(gradients.get(t));
                try (NDManager step = manager.newSubManager()) {
                    List<TrainableParameter> parameters = new ArrayList<>();
                    for (int i = 0; i < values.size(); i++) {
                        parameters.add(new TrainableParameter("p" + i, values.get(i), step.create(g[i], values.get(i).getShape()), false));
                    }
                    updater.step(parameters, ((Number) ((List<Object>) vector.get("learningRates")).get(t)).doubleValue());
                }
                float[][] want = ParityVectors.floats2(expected.get(t));
                for (int i = 0; i < values.size(); i++) {
                    float[] actual = values.get(i).toFloatArray();
                    for (int e = 0; e < actual.length; e++) {
                        assertThat(ParityVectors.close(actual[e], want[i][e], 1e-5, 1e-6 * scale[i][e]))
                                .as("step %d (lr %s) tensor %d element %d: %s vs PyTorch %s", t + 1, rates[t], i, e, actual[e], want[i][e]).isTrue();
                    }
                }
            }
        }
    }
}
