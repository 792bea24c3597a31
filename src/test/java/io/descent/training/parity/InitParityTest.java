package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.nn.InitDefinition;
import io.descent.training.nn.Initializations;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every init draws what torch.nn.init draws on a [64, 48] weight after the same seed, value for
 * value (DJL's randomUniform / randomNormal call libtorch's uniform_ / normal_ on its default
 * generator, which torch.manual_seed also seeds), and the default's bias what nn.Linear draws
 * next; biases of the other inits are 0. Relative 1e-5, floor a millionth of the smallest value.
 */
class InitParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("initializations").stream().map(c -> Arguments.of(c.get("spec").toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void drawsWhatPyTorchDraws(String name, Map<String, Object> vector) {
        Violations violations = new Violations();
        Configured<InitDefinition> init = Initializations.CATALOG.resolve((Map<String, Object>) vector.get("spec"), "", violations)
                .orElseThrow(() -> new AssertionError(violations.asList()));
        float[] expected = ParityVectors.floats(vector.get("values"));
        int fanIn = ((Number) vector.get("fanIn")).intValue();
        int fanOut = ((Number) vector.get("fanOut")).intValue();
        try (NDManager manager = Tensors.newManager()) {
            Engine engine = Engine.getEngine("PyTorch");
            engine.setRandomSeed(((Number) vector.get("seed")).intValue());
            float[] actual = init.definition().weights(init.params(), fanIn, fanOut).initialize(manager, new Shape(fanOut, fanIn), DataType.FLOAT32)
                    .toFloatArray();
            assertClose("weight", actual, expected);
            float[] bias = init.definition().biases(init.params(), fanIn).initialize(manager, new Shape(fanOut), DataType.FLOAT32).toFloatArray();
            assertClose("bias", bias, vector.containsKey("bias") ? ParityVectors.floats(vector.get("bias")) : new float[fanOut]);
        }
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double floor = ParityVectors.floor(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(ParityVectors.close(actual[i], expected[i], 1e-5, floor)).as("%s element %d: %s vs PyTorch %s", what, i, actual[i], expected[i]).isTrue();
        }
    }
}
