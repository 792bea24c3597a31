package io.descent.dataset.generate;

import io.descent.training.catalog.Catalog;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Random;

/** Synthetic datasets made from a seed: the same parameters and seed give the same samples. */
public final class Generators {

    /**
     * Bound of every parameter that scales the samples, which are stored as float32 (at most
     * 3.4e38): even the linear label, a sum over 10,000 inputs of weight × a Gaussian draw, then
     * stays below 1e36.
     */
    static final double MAX_SCALE = 1e30;

    public static final Catalog<GeneratorDefinition> CATALOG = new Catalog<>("generator", List.of(
            new Definition("synthetic-linear", "Regression y = bias + Σ weight·xᵢ + N(0, noise²) with standard-normal inputs (the overfitting demo).",
                    List.of(ParamDef.integer("features", "number of inputs").defaultsTo(200).atLeast(1).atMost(10_000),
                            ParamDef.integer("trainSamples", "training rows").defaultsTo(20).atLeast(1).atMost(1_000_000),
                            ParamDef.integer("testSamples", "test rows").defaultsTo(100).atLeast(0).atMost(1_000_000),
                            scale(ParamDef.number("weight", "every input's true weight").defaultsTo(0.01).atLeast(-MAX_SCALE)),
                            scale(ParamDef.number("bias", "the true bias").defaultsTo(0.05).atLeast(-MAX_SCALE)),
                            scale(ParamDef.number("noise", "standard deviation of the label noise").defaultsTo(0.01).atLeast(0))),
                    p -> p.integer("features"), Generators::linear),
            new Definition("blobs", "Gaussian clusters, one per class, centres uniform in [−centerBox, centerBox]^features.",
                    List.of(ParamDef.integer("classes", "number of clusters").defaultsTo(3).atLeast(2).atMost(100),
                            ParamDef.integer("features", "dimensions").defaultsTo(2).atLeast(1).atMost(1_000),
                            ParamDef.integer("trainSamples", "training rows").defaultsTo(300).atLeast(1).atMost(1_000_000),
                            ParamDef.integer("testSamples", "test rows").defaultsTo(150).atLeast(0).atMost(1_000_000),
                            scale(ParamDef.number("spread", "standard deviation around each centre").defaultsTo(1.0).above(0)),
                            scale(ParamDef.number("centerBox", "half-width of the box the centres are drawn from").defaultsTo(10.0).above(0))),
                    p -> p.integer("features"), Generators::blobs),
            new Definition("spirals", "Interleaved 2-D spiral arms, one per class (not linearly separable).",
                    List.of(ParamDef.integer("classes", "number of arms").defaultsTo(3).atLeast(2).atMost(20),
                            ParamDef.integer("trainSamples", "training rows").defaultsTo(300).atLeast(1).atMost(1_000_000),
                            ParamDef.integer("testSamples", "test rows").defaultsTo(300).atLeast(0).atMost(1_000_000),
                            scale(ParamDef.number("noise", "standard deviation of the angle noise").defaultsTo(0.2).atLeast(0))),
                    p -> 2, Generators::spirals)));

    private Generators() {}

    private static ParamDef scale(ParamDef param) {
        return param.atMost(MAX_SCALE);
    }

    private record Definition(String type, String description, List<ParamDef> params, java.util.function.ToIntFunction<Params> width,
            Maker maker) implements GeneratorDefinition {
        @Override
        public GeneratedData generate(Params values, Random random) {
            return maker.make(values, random);
        }

        @Override
        public int features(Params values) {
            return width.applyAsInt(values);
        }
    }

    @FunctionalInterface
    private interface Maker {
        GeneratedData make(Params params, Random random);
    }

    private static GeneratedData linear(Params p, Random random) {
        int d = p.integer("features");
        int n = p.integer("trainSamples") + p.integer("testSamples");
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double target = p.number("bias");
            for (int j = 0; j < d; j++) {
                float v = (float) random.nextGaussian();
                x[i * d + j] = v;
                target += p.number("weight") * v;
            }
            y[i] = (float) (target + p.number("noise") * random.nextGaussian());
        }
        return new GeneratedData(d, 0, p.integer("trainSamples"), p.integer("testSamples"), x, y);
    }

    private static GeneratedData blobs(Params p, Random random) {
        int classes = p.integer("classes");
        int d = p.integer("features");
        int n = p.integer("trainSamples") + p.integer("testSamples");
        double box = p.number("centerBox");
        double[][] centers = new double[classes][d];
        for (double[] center : centers) {
            for (int j = 0; j < d; j++) {
                center[j] = (random.nextDouble() * 2 - 1) * box;
            }
        }
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(classes);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centers[c][j] + p.number("spread") * random.nextGaussian());
            }
            y[i] = c;
        }
        return new GeneratedData(d, classes, p.integer("trainSamples"), p.integer("testSamples"), x, y);
    }

    private static GeneratedData spirals(Params p, Random random) {
        int classes = p.integer("classes");
        int n = p.integer("trainSamples") + p.integer("testSamples");
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(classes);
            double r = random.nextDouble();
            double t = c * 4.0 + r * 4.0 + p.number("noise") * random.nextGaussian();
            x[i * 2] = (float) (r * Math.sin(t));
            x[i * 2 + 1] = (float) (r * Math.cos(t));
            y[i] = c;
        }
        return new GeneratedData(2, classes, p.integer("trainSamples"), p.integer("testSamples"), x, y);
    }
}
