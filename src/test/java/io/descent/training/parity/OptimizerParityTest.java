package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.Optimizers;
import io.descent.training.optim.ParameterUpdater;
import io.descent.training.optim.TrainableParameter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every optimizer configuration follows torch.optim step for step over 25 steps. */
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
        float[][] gradients = ParityVectors.floats2(vector.get("gradients"));
        float[][] expected = ParityVectors.floats2(vector.get("parameters"));
        double lr = optimizer.params().number("lr");
        try (NDManager manager = Tensors.newManager();
                ParameterUpdater updater = optimizer.definition().create(optimizer.params(), manager)) {
            NDArray value = manager.create(ParityVectors.floats(vector.get("start")));
            for (int t = 0; t < gradients.length; t++) {
                try (NDManager step = manager.newSubManager()) {
                    updater.step(List.of(new TrainableParameter("w", value, step.create(gradients[t]), false)), lr);
                }
                float[] actual = value.toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    int s = t + 1;
                    int e = i;
                    assertThat(ParityVectors.close(actual[i], expected[t][i], 1e-5, 1e-6))
                            .as("step %d element %d: %s vs PyTorch %s", s, e, actual[i], expected[t][i]).isTrue();
                }
            }
        }
    }
}
