package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import java.util.List;
import java.util.Map;

/** Drives an optimizer from the catalogue with given gradients, outside any network. */
final class OptimizerHarness {

    private OptimizerHarness() {}

    /**
     * @param gradients gradients[t] is the gradient for step t+1
     * @return parameters after each step, [steps][n]
     */
    static float[][] run(Map<String, Object> spec, float[] start, float[][] gradients) {
        Violations violations = new Violations();
        Configured<OptimizerDefinition> optimizer = Optimizers.CATALOG.resolve(spec, "", violations)
                .orElseThrow(() -> new AssertionError(violations.asList()));
        double lr = optimizer.params().number("lr");
        float[][] trajectory = new float[gradients.length][];
        try (NDManager manager = Tensors.newManager();
                ParameterUpdater updater = optimizer.definition().create(optimizer.params(), manager)) {
            NDArray value = manager.create(start);
            for (int t = 0; t < gradients.length; t++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray gradient = step.create(gradients[t]);
                    updater.step(List.of(new TrainableParameter("w", value, gradient, false)), lr);
                }
                trajectory[t] = value.toFloatArray();
            }
        }
        return trajectory;
    }

    /** A deterministic gradient sequence with both signs and varying magnitudes. */
    static float[][] gradients(int steps, int size) {
        float[][] g = new float[steps][size];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < size; i++) {
                g[t][i] = (float) (Math.sin(1.3 * t + 0.7 * i) * (1 + i) + 0.1 * (i - 1));
            }
        }
        return g;
    }
}
