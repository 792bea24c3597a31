package io.descent.dataset;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * The overfitting demo's data (training-reference.md): d = 200 Gaussian inputs, 20 training and
 * 100 test samples, y = 0.05 + Σ 0.01·xᵢ + N(0, 0.01²). Generated from a fixed seed, so every node
 * and every run sees the same samples.
 */
final class SyntheticLinearSource implements DatasetSource {

    static final int FEATURES = 200;
    static final int TRAIN = 20;
    static final int TEST = 100;
    private static final long SEED = 20;

    private final DatasetInfo info = new DatasetInfo("synthetic-linear", "Synthetic linear regression (overfitting demo)",
            "y = 0.05 + Σ 0.01·xᵢ + N(0, 0.01²) with 200 standard-normal inputs; 20 training and 100 test samples, fixed seed.",
            TRAIN, TEST, List.of(FEATURES), List.of(), "generated");

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String howToInstall() {
        return "nothing to install";
    }

    @Override
    public LoadedDataset load(NDManager manager) {
        Random random = new Random(SEED);
        float[][] train = generate(TRAIN, random);
        float[][] test = generate(TEST, random);
        return new LoadedDataset(manager.create(train[0], new Shape(TRAIN, FEATURES)), manager.create(train[1]),
                manager.create(test[0], new Shape(TEST, FEATURES)), manager.create(test[1]));
    }

    private static float[][] generate(int n, Random random) {
        float[] x = new float[n * FEATURES];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double target = 0.05;
            for (int j = 0; j < FEATURES; j++) {
                float v = (float) random.nextGaussian();
                x[i * FEATURES + j] = v;
                target += 0.01 * v;
            }
            y[i] = (float) (target + 0.01 * random.nextGaussian());
        }
        return new float[][] {x, y};
    }
}
