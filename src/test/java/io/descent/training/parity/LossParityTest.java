package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.LossDefinition;
import io.descent.training.loss.LossFunction;
import io.descent.training.loss.Losses;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss, with both reductions, gives PyTorch's value and gradient w.r.t. the raw outputs (BCE
 * also on saturated outputs, where each log is clamped at −100); relative 1e-5 with an absolute
 * floor a millionth of the smallest non-zero value expected.
 */
class LossParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("losses").stream().map(c -> Arguments.of(c.get("target") + " " + c.get("spec"), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name, Map<String, Object> vector) {
        Violations violations = new Violations();
        Configured<LossDefinition> definition = Losses.CATALOG.resolve((Map<String, Object>) vector.get("spec"), "", violations)
                .orElseThrow(() -> new AssertionError(violations.asList()));
        int classes = ((Number) vector.get("classes")).intValue();
        LossFunction loss = definition.definition().create(definition.params(), classes);
        List<Number> shape = (List<Number>) vector.get("shape");
        float[] expectedGradient = ParityVectors.floats(vector.get("gradient"));
        try (NDManager manager = Tensors.newManager()) {
            NDArray input = manager.create(ParityVectors.floats(vector.get("input")), new Shape(shape.get(0).longValue(), shape.get(1).longValue()));
            input.setRequiresGradient(true);
            List<Number> labels = (List<Number>) vector.get("labels");
            NDArray target = classes > 0
                    ? manager.create(labels.stream().mapToLong(Number::longValue).toArray())
                    : manager.create(ParityVectors.floats(labels));
            float value;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray reduced = loss.reduce(loss.elements(loss.output(input), target));
                collector.backward(reduced);
                value = reduced.getFloat();
            }
            double expected = ((Number) vector.get("loss")).doubleValue();
            assertThat(ParityVectors.close(value, expected, 1e-5, ParityVectors.floor(new float[] {(float) expected}))).as("loss %s vs PyTorch %s", value, expected).isTrue();
            float[] gradient = input.getGradient().toFloatArray();
            double floor = ParityVectors.floor(vector, expectedGradient);
            for (int i = 0; i < gradient.length; i++) {
                int e = i;
                assertThat(ParityVectors.close(gradient[i], expectedGradient[i], 1e-5, floor))
                        .as("gradient element %d: %s vs PyTorch %s", e, gradient[i], expectedGradient[i]).isTrue();
            }
        }
    }
}
