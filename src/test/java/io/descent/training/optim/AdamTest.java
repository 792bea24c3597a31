package io.descent.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamTest {

    private static final float[][] CONSTANT = {{2f}, {2f}, {2f}};

    @Test
    void biasCorrectionMakesAConstantGradientMoveExactlyLrPerStep() {
        // m̂ = g and v̂ = g² at every step, so each step is lr·g/|g| (without correction step 1 would move 0.316)
        float[][] path = OptimizerHarness.run(Map.of("type", "adam", "lr", 0.1), new float[] {1f}, CONSTANT);
        assertThat(path[0][0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(path[1][0]).isCloseTo(0.8f, within(1e-6f));
        assertThat(path[2][0]).isCloseTo(0.7f, within(1e-6f));
    }

    @Test
    void adamWShrinksTheParameterBeforeTheStep() {
        // θ = 1·(1 - 0.1·0.1) = 0.99, then the Adam step of 0.1
        float[][] path = OptimizerHarness.run(Map.of("type", "adamw", "lr", 0.1, "weightDecay", 0.1), new float[] {1f}, new float[][] {{2f}});
        assertThat(path[0][0]).isCloseTo(0.89f, within(1e-6f));
    }

    @Test
    void adamCouplesWeightDecayIntoTheGradient() {
        // g' = 2 + 0.5·1 = 2.5; a constant-sign first step still moves exactly lr
        float[][] path = OptimizerHarness.run(Map.of("type", "adam", "lr", 0.1, "weightDecay", 0.5), new float[] {1f}, new float[][] {{2f}});
        assertThat(path[0][0]).isCloseTo(0.9f, within(1e-6f));
    }

    @Test
    void followsTheReferenceRecurrenceWithAndWithoutAmsgrad() {
        for (boolean amsgrad : new boolean[] {false, true}) {
            double lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6, wd = 0.02;
            float[] start = {0.5f, -1.5f, 2f};
            float[][] grads = OptimizerHarness.gradients(25, start.length);
            float[][] path = OptimizerHarness.run(Map.of("type", "adam", "lr", lr, "betas", List.of(b1, b2), "eps", eps,
                    "weightDecay", wd, "amsgrad", amsgrad), start, grads);

            double[] theta = {0.5, -1.5, 2};
            double[] m = new double[3], v = new double[3], vMax = new double[3];
            for (int t = 1; t <= grads.length; t++) {
                for (int i = 0; i < 3; i++) {
                    double g = grads[t - 1][i] + wd * theta[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    vMax[i] = Math.max(vMax[i], v[i]);
                    double vHat = (amsgrad ? vMax[i] : v[i]) / (1 - Math.pow(b2, t));
                    theta[i] -= lr * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(vHat) + eps);
                    assertThat((double) path[t - 1][i]).as("amsgrad=%s step %d element %d", amsgrad, t, i)
                            .isCloseTo(theta[i], withPercentage(1e-3));
                }
            }
        }
    }
}
