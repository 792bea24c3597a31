package io.descent.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LossTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private LossFunction loss(Map<String, Object> spec, int classes) {
        Violations violations = new Violations();
        Configured<LossDefinition> loss = Losses.CATALOG.resolve(spec, "", violations).orElseThrow();
        return loss.definition().create(loss.params(), classes);
    }

    private static double logSumExp(double... x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v);
        }
        return Math.log(sum);
    }

    @Test
    void crossEntropyIsTheNegativeLogSoftmaxOfTheLabel() {
        NDArray logits = manager.create(new float[] {1f, 2f, 0.5f, -1f, 0f, 3f}, new Shape(2, 3));
        NDArray labels = manager.create(new long[] {1, 0});
        LossFunction ce = loss(Map.of("type", "cross_entropy"), 3);

        float[] terms = ce.elements(logits, labels).toFloatArray();
        double first = logSumExp(1, 2, 0.5) - 2;
        double second = logSumExp(-1, 0, 3) + 1;
        assertThat(terms[0]).isCloseTo((float) first, within(1e-5f));
        assertThat(terms[1]).isCloseTo((float) second, within(1e-5f));
        assertThat(ce.reduce(ce.elements(logits, labels)).getFloat()).isCloseTo((float) ((first + second) / 2), within(1e-5f));
    }

    @Test
    void labelSmoothingMixesInTheUniformTarget() {
        NDArray logits = manager.create(new float[] {1f, 2f, 0.5f}, new Shape(1, 3));
        NDArray labels = manager.create(new long[] {2});
        float smoothed = loss(Map.of("type", "cross_entropy", "labelSmoothing", 0.3), 3).elements(logits, labels).getFloat();

        double lse = logSumExp(1, 2, 0.5);
        double nll = lse - 0.5;
        double uniform = ((lse - 1) + (lse - 2) + (lse - 0.5)) / 3;
        assertThat(smoothed).isCloseTo((float) (0.7 * nll + 0.3 * uniform), within(1e-5f));
    }

    @Test
    void sumReductionAddsTheTerms() {
        NDArray logits = manager.create(new float[] {1f, 2f, 0.5f, -1f, 0f, 3f}, new Shape(2, 3));
        NDArray labels = manager.create(new long[] {1, 0});
        LossFunction ce = loss(Map.of("type", "cross_entropy", "reduction", "sum"), 3);
        float[] terms = ce.elements(logits, labels).toFloatArray();
        assertThat(ce.reduce(ce.elements(logits, labels)).getFloat()).isCloseTo(terms[0] + terms[1], within(1e-5f));
    }

    @Test
    void mseComparesOutputsWithOneHotLabelsForClassification() {
        NDArray outputs = manager.create(new float[] {0.5f, 0.2f, -0.1f}, new Shape(1, 3));
        NDArray labels = manager.create(new long[] {1});
        LossFunction mse = loss(Map.of("type", "mse"), 3);
        // (0.5-0)² + (0.2-1)² + (-0.1-0)² over 3 elements
        assertThat(mse.reduce(mse.elements(outputs, labels)).getFloat()).isCloseTo((0.25f + 0.64f + 0.01f) / 3, within(1e-6f));
    }

    @Test
    void mseComparesOutputsWithRealTargetsForRegression() {
        NDArray outputs = manager.create(new float[] {1f, 2f}, new Shape(2, 1));
        NDArray targets = manager.create(new float[] {0f, 4f});
        LossFunction mse = loss(Map.of("type", "mse"), 0);
        assertThat(mse.reduce(mse.elements(outputs, targets)).getFloat()).isCloseTo(2.5f, within(1e-6f));
    }
}
