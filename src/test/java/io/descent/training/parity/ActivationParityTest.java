package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.nn.ActivationDefinition;
import io.descent.training.nn.Activations;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation matches torch.nn's value and derivative on a grid and in the tails (to βx = −30,
 * where softplus is about 1e-13), relative 1e-5 with an absolute floor a millionth of the smallest
 * non-zero value the case expects.
 */
class ActivationParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("activations").stream().map(c -> Arguments.of(c.get("spec").toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name, Map<String, Object> vector) {
        Violations violations = new Violations();
        Configured<ActivationDefinition> activation = Activations.CATALOG.resolve((Map<String, Object>) vector.get("spec"), "", violations)
                .orElseThrow(() -> new AssertionError(violations.asList()));
        float[] xs = ParityVectors.floats(vector.get("x"));
        float[] ys = ParityVectors.floats(vector.get("y"));
        float[] derivatives = ParityVectors.floats(vector.get("derivative"));
        try (NDManager manager = Tensors.newManager()) {
            NDArray x = manager.create(xs);
            x.setRequiresGradient(true);
            float[] values;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = activation.definition().create(activation.params()).apply(x);
                collector.backward(y.sum());
                values = y.toFloatArray();
            }
            float[] gradient = x.getGradient().toFloatArray();
            double floor = ParityVectors.floor(vector, ys, derivatives);
            for (int i = 0; i < xs.length; i++) {
                int e = i;
                assertThat(ParityVectors.close(values[i], ys[i], 1e-5, floor)).as("f(%s) = %s vs PyTorch %s", xs[e], values[e], ys[e]).isTrue();
                assertThat(ParityVectors.close(gradient[i], derivatives[i], 1e-5, floor))
                        .as("f'(%s) = %s vs PyTorch %s", xs[e], gradient[e], derivatives[e]).isTrue();
            }
        }
    }
}
