package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.averaging.AveragingDefinition;
import io.descent.training.averaging.ParameterAverage;
import io.descent.training.averaging.WeightAveragings;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EMA and SWA follow torch.optim.swa_utils.AveragedModel update for update: the parameters of a
 * tiny network (4 tensors) after each SGD step are fed in as the loop would, after every step and at
 * the end of every epoch, and the average must match PyTorch's to a relative 1e-6, with no
 * absolute floor.
 */
class AveragingParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("averaging").stream().map(c -> Arguments.of(c.get("spec").toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name, Map<String, Object> vector) {
        Violations violations = new Violations();
        Configured<AveragingDefinition> averaging = WeightAveragings.CATALOG
                .resolve((Map<String, Object>) vector.get("spec"), "", violations).orElseThrow(() -> new AssertionError(violations.asList()));
        List<List<Number>> shapes = (List<List<Number>>) vector.get("shapes");
        List<Object> steps = (List<Object>) vector.get("parameters");
        List<Object> averages = (List<Object>) vector.get("average");
        List<Number> counts = (List<Number>) vector.get("averaged");
        int stepsPerEpoch = ((Number) vector.get("stepsPerEpoch")).intValue();
        try (NDManager manager = Tensors.newManager()) {
            List<NDArray> parameters = new ArrayList<>();
            for (List<Number> shape : shapes) {
                parameters.add(manager.zeros(new Shape(shape.stream().mapToLong(Number::longValue).toArray())));
            }
            try (ParameterAverage average = averaging.definition().create(averaging.params(), parameters, manager)) {
                for (int t = 0; t < steps.size(); t++) {
                    float[][] values = ParityVectors.floats2(steps.get(t));
                    try (NDManager step = manager.newSubManager()) {
                        for (int i = 0; i < parameters.size(); i++) {
                            step.create(values[i], parameters.get(i).getShape()).copyTo(parameters.get(i));
                        }
                        average.stepFinished(step);
                        if ((t + 1) % stepsPerEpoch == 0) {
                            average.trainingFinished(t / stepsPerEpoch, step);
                        }
                    }
                    assertThat(average.averaged()).as("n_averaged after step %d", t + 1).isEqualTo(counts.get(t).longValue());
                    if (averages.get(t) == null) {
                        assertThat(average.average()).as("no average yet after step %d", t + 1).isNull();
                        continue;
                    }
                    float[][] expected = ParityVectors.floats2(averages.get(t));
                    for (int i = 0; i < parameters.size(); i++) {
                        float[] actual = average.average().get(i).toFloatArray();
                        for (int e = 0; e < actual.length; e++) {
                            assertThat(ParityVectors.close(actual[e], expected[i][e], 1e-6, 0))
                                    .as("step %d tensor %d element %d: %s vs PyTorch %s", t + 1, i, e, actual[e], expected[i][e]).isTrue();
                        }
                        assertThat(parameters.get(i).toFloatArray()).as("the raw parameters are untouched").containsExactly(values[i]);
                    }
                }
            }
        }
    }
}
