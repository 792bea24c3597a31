package io.descent.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SgdTest {

    private static final float[][] ONES = {{1f}, {1f}};

    @Test
    void plainStepMovesAgainstTheGradient() {
        float[][] path = OptimizerHarness.run(Map.of("type", "sgd", "lr", 0.1), new float[] {1f, -2f}, new float[][] {{0.5f, -1f}});
        assertThat(path[0]).containsExactly(new float[] {0.95f, -1.9f}, within(1e-6f));
    }

    @Test
    void momentumCopiesTheFirstGradientThenAccumulates() {
        // step 1: v = g = 1, θ = 1 - 0.1·1 = 0.9; step 2: v = 0.9·1 + 1 = 1.9, θ = 0.9 - 0.19 = 0.71
        float[][] path = OptimizerHarness.run(Map.of("type", "sgd", "lr", 0.1, "momentum", 0.9), new float[] {1f}, ONES);
        assertThat(path[0][0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(path[1][0]).isCloseTo(0.71f, within(1e-6f));
    }

    @Test
    void nesterovLooksAhead() {
        // step 1: v = 1, d = 1 + 0.9·1, θ = 1 - 0.19 = 0.81; step 2: v = 1.9, d = 1 + 0.9·1.9 = 2.71, θ = 0.539
        float[][] path = OptimizerHarness.run(Map.of("type", "sgd", "lr", 0.1, "momentum", 0.9, "nesterov", true), new float[] {1f}, ONES);
        assertThat(path[0][0]).isCloseTo(0.81f, within(1e-6f));
        assertThat(path[1][0]).isCloseTo(0.539f, within(1e-6f));
    }

    @Test
    void dampeningScalesOnlyLaterGradients() {
        // step 1: v = 1 (no dampening on the first copy); step 2: v = 0.9 + 0.5·1 = 1.4, θ = 0.9 - 0.14
        float[][] path = OptimizerHarness.run(Map.of("type", "sgd", "lr", 0.1, "momentum", 0.9, "dampening", 0.5), new float[] {1f}, ONES);
        assertThat(path[1][0]).isCloseTo(0.76f, within(1e-6f));
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // d = g + wd·θ = 1 + 0.5·2 = 2, θ = 2 - 0.1·2 = 1.8
        float[][] path = OptimizerHarness.run(Map.of("type", "sgd", "lr", 0.1, "weightDecay", 0.5), new float[] {2f}, new float[][] {{1f}});
        assertThat(path[0][0]).isCloseTo(1.8f, within(1e-6f));
    }

    @Test
    void followsTheReferenceRecurrenceForTwentyFiveSteps() {
        double lr = 0.05, mu = 0.8, dampening = 0.1, wd = 0.01;
        float[] start = {0.5f, -1.5f, 2f};
        float[][] grads = OptimizerHarness.gradients(25, start.length);
        float[][] path = OptimizerHarness.run(Map.of("type", "sgd", "lr", lr, "momentum", mu, "dampening", dampening, "weightDecay", wd), start, grads);

        double[] theta = {0.5, -1.5, 2};
        double[] v = new double[3];
        for (int t = 0; t < grads.length; t++) {
            for (int i = 0; i < 3; i++) {
                double d = grads[t][i] + wd * theta[i];
                v[i] = t == 0 ? d : mu * v[i] + (1 - dampening) * d;
                theta[i] -= lr * v[i];
                assertThat((double) path[t][i]).as("step %d, element %d", t + 1, i).isCloseTo(theta[i], withPercentage(1e-3));
            }
        }
    }
}
