package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.descent.support.Tensors;
import io.descent.training.catalog.Violations;
import io.descent.training.nn.Network;
import io.descent.training.optim.TrainableParameter;
import io.descent.training.regularization.GradientAdjuster;
import io.descent.training.regularization.Regularization;
import io.descent.training.regularization.Regularizations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * L1/L2 penalties, gradient clipping by value and by global norm, and max-norm give what PyTorch
 * gives: the gradients after backward() on loss + penalty and clip_grad_value_ / clip_grad_norm_,
 * and torch.renorm(w, 2, 0, c); relative 1e-5 with an absolute floor a millionth of the smallest
 * value expected.
 */
class RegularizationParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("regularization").stream().map(c -> Arguments.of(c.get("spec").toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name, Map<String, Object> vector) {
        Map<String, Object> spec = (Map<String, Object>) vector.get("spec");
        List<List<Number>> shapes = (List<List<Number>>) vector.get("shapes");
        float[][] values = ParityVectors.floats2(vector.get("parameters"));
        try (NDManager manager = Tensors.newManager()) {
            List<NDArray> arrays = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                arrays.add(manager.create(values[i], new Shape(shapes.get(i).stream().mapToLong(Number::longValue).toArray())));
            }
            float[][] expected;
            List<float[]> actual = new ArrayList<>();
            if (spec.containsKey("maxNorm")) {
                Parameter weight = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
                weight.setArray(arrays.get(0));
                new Network(null, Map.of(weight, ((Number) spec.get("maxNorm")).doubleValue()), List.of()).constrain();
                actual.add(arrays.get(0).toFloatArray());
                expected = ParityVectors.floats2(vector.get("constrained"));
            } else {
                Violations violations = new Violations();
                Regularization regularization = Regularizations.resolve(spec, "", violations).orElseThrow(() -> new AssertionError(violations.asList()));
                float[][] lossGradients = ParityVectors.floats2(vector.get("lossGradients"));
                List<TrainableParameter> parameters = List.of(
                        new TrainableParameter("w", arrays.get(0), manager.create(lossGradients[0], arrays.get(0).getShape()), false),
                        new TrainableParameter("b", arrays.get(1), manager.create(lossGradients[1], arrays.get(1).getShape()), true));
                new GradientAdjuster(regularization).adjust(parameters, manager).forEach(p -> actual.add(p.gradient().toFloatArray()));
                expected = ParityVectors.floats2(vector.get("gradients"));
            }
            double floor = ParityVectors.floor(expected);
            for (int i = 0; i < expected.length; i++) {
                for (int e = 0; e < expected[i].length; e++) {
                    assertThat(ParityVectors.close(actual.get(i)[e], expected[i][e], 1e-5, floor))
                            .as("tensor %d element %d: %s vs PyTorch %s", i, e, actual.get(i)[e], expected[i][e]).isTrue();
                }
            }
        }
    }
}
