package io.descent.training.regularization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.descent.support.Tensors;
import io.descent.training.optim.TrainableParameter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GradientAdjusterTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private List<TrainableParameter> parameters() {
        return List.of(
                new TrainableParameter("w", manager.create(new float[] {2f, -1f, 0f}), manager.create(new float[] {0.5f, 0.5f, -3f}), false),
                new TrainableParameter("b", manager.create(new float[] {4f}), manager.create(new float[] {1f}), true));
    }

    private static Regularization of(double l1, double l2, boolean biases, Double value, Double norm) {
        return new Regularization(l1, l2, biases, value, norm, null);
    }

    @Test
    void l2AddsLambdaTimesTheWeightAndLeavesBiasesAloneByDefault() {
        List<TrainableParameter> out = new GradientAdjuster(of(0, 0.1, false, null, null)).adjust(parameters(), manager);
        assertThat(out.get(0).gradient().toFloatArray()).containsExactly(new float[] {0.7f, 0.4f, -3f}, within(1e-6f));
        assertThat(out.get(1).gradient().toFloatArray()).containsExactly(1f);
    }

    @Test
    void l1AddsLambdaTimesTheSignAndCoversBiasesWhenAsked() {
        List<TrainableParameter> out = new GradientAdjuster(of(0.25, 0, true, null, null)).adjust(parameters(), manager);
        assertThat(out.get(0).gradient().toFloatArray()).containsExactly(new float[] {0.75f, 0.25f, -3f}, within(1e-6f));
        assertThat(out.get(1).gradient().toFloatArray()).containsExactly(new float[] {1.25f}, within(1e-6f));
    }

    @Test
    void clippingByValueClampsBothSigns() {
        List<TrainableParameter> out = new GradientAdjuster(of(0, 0, false, 0.4, null)).adjust(parameters(), manager);
        assertThat(out.get(0).gradient().toFloatArray()).containsExactly(0.4f, 0.4f, -0.4f);
        assertThat(out.get(1).gradient().toFloatArray()).containsExactly(0.4f);
    }

    @Test
    void clippingByNormScalesEveryGradientToTheGlobalLimit() {
        // global norm = √(0.25 + 0.25 + 9 + 1) = √10.5; scaled to 1
        double scale = 1 / (Math.sqrt(10.5) + 1e-6);
        List<TrainableParameter> out = new GradientAdjuster(of(0, 0, false, null, 1.0)).adjust(parameters(), manager);
        assertThat(out.get(0).gradient().toFloatArray())
                .containsExactly(new float[] {(float) (0.5 * scale), (float) (0.5 * scale), (float) (-3 * scale)}, within(1e-6f));
        assertThat(out.get(1).gradient().toFloatArray()).containsExactly(new float[] {(float) scale}, within(1e-6f));
    }

    @Test
    void clippingByNormLeavesSmallGradientsUnchanged() {
        List<TrainableParameter> out = new GradientAdjuster(of(0, 0, false, null, 100.0)).adjust(parameters(), manager);
        assertThat(out.get(0).gradient().toFloatArray()).containsExactly(new float[] {0.5f, 0.5f, -3f}, within(1e-6f));
    }

    @Test
    void theParametersOwnGradientsAreNotModified() {
        List<TrainableParameter> in = parameters();
        new GradientAdjuster(of(0.1, 0.1, true, 0.2, null)).adjust(in, manager);
        assertThat(in.get(0).gradient().toFloatArray()).containsExactly(0.5f, 0.5f, -3f);
    }
}
