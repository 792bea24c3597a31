package io.descent.training.nn;

import ai.djl.training.initializer.Initializer;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/**
 * The initializations of {@code torch.nn.init}, for weights [fanOut, fanIn]. Uniform ones draw from
 * U(−bound, bound), normal ones from N(mean, std²).
 */
final class Init implements InitDefinition {

    private enum Shape { UNIFORM, NORMAL, CONSTANT_ZERO }

    private final String type;
    private final String description;
    private final List<ParamDef> params;
    private final Shape shape;
    /** (params, fans) → bound or std; fans = {fanIn, fanOut}. */
    private final ToDoubleBiFunction<Params, int[]> scale;
    private final boolean torchDefaultBias;

    private Init(String type, String description, List<ParamDef> params, Shape shape, ToDoubleBiFunction<Params, int[]> scale,
            boolean torchDefaultBias) {
        this.type = type;
        this.description = description;
        this.params = params;
        this.shape = shape;
        this.scale = scale;
        this.torchDefaultBias = torchDefaultBias;
    }

    private static final ParamDef GAIN = ParamDef.number("gain", "scaling factor").defaultsTo(1.0).above(0);
    private static final ParamDef SLOPE = ParamDef.number("a", "negative slope of the following leaky ReLU (0 for ReLU)").defaultsTo(0.0).atLeast(0);
    private static final ParamDef MODE = ParamDef.choice("mode", List.of("fan_in", "fan_out"), "fan_in", "which fan keeps the variance");

    static List<InitDefinition> all() {
        return List.of(
                new Init("default", "PyTorch's nn.Linear default: weights and biases U(±1/√fan_in)", List.of(), Shape.UNIFORM,
                        (p, f) -> 1 / Math.sqrt(f[0]), true),
                new Init("xavier_uniform", "U(±gain·√(6/(fan_in + fan_out))), as nn.init.xavier_uniform_", List.of(GAIN), Shape.UNIFORM,
                        (p, f) -> p.number("gain") * Math.sqrt(6.0 / (f[0] + f[1])), false),
                new Init("xavier_normal", "N(0, gain²·2/(fan_in + fan_out)), as nn.init.xavier_normal_", List.of(GAIN), Shape.NORMAL,
                        (p, f) -> p.number("gain") * Math.sqrt(2.0 / (f[0] + f[1])), false),
                new Init("kaiming_uniform", "U(±√(6/((1 + a²)·fan))), as nn.init.kaiming_uniform_", List.of(SLOPE, MODE), Shape.UNIFORM,
                        (p, f) -> Math.sqrt(6.0 / ((1 + p.number("a") * p.number("a")) * fan(p, f))), false),
                new Init("kaiming_normal", "N(0, 2/((1 + a²)·fan)), as nn.init.kaiming_normal_", List.of(SLOPE, MODE), Shape.NORMAL,
                        (p, f) -> Math.sqrt(2.0 / ((1 + p.number("a") * p.number("a")) * fan(p, f))), false),
                new Normal(),
                new Uniform(),
                new Init("zeros", "all weights 0 (every unit then learns the same function)", List.of(), Shape.CONSTANT_ZERO, (p, f) -> 0, false));
    }

    private static int fan(Params p, int[] fans) {
        return "fan_out".equals(p.choice("mode")) ? fans[1] : fans[0];
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ParamDef> params() {
        return params;
    }

    @Override
    public Initializer weights(Params p, int fanIn, int fanOut) {
        float s = (float) scale.applyAsDouble(p, new int[] {fanIn, fanOut});
        return switch (shape) {
            case UNIFORM -> (m, sh, t) -> m.randomUniform(-s, s, sh, t);
            case NORMAL -> (m, sh, t) -> m.randomNormal(0, s, sh, t);
            case CONSTANT_ZERO -> Initializer.ZEROS;
        };
    }

    @Override
    public Initializer biases(Params p, int fanIn) {
        if (!torchDefaultBias) {
            return Initializer.ZEROS;
        }
        float bound = (float) (1 / Math.sqrt(fanIn));
        return (m, sh, t) -> m.randomUniform(-bound, bound, sh, t);
    }

    /** nn.init.normal_ with its mean and std. */
    private static final class Normal implements InitDefinition {
        @Override
        public String type() {
            return "normal";
        }

        @Override
        public String description() {
            return "N(mean, std²), as nn.init.normal_";
        }

        @Override
        public List<ParamDef> params() {
            return List.of(ParamDef.number("mean", "mean").defaultsTo(0.0),
                    ParamDef.number("std", "standard deviation").defaultsTo(1.0).above(0));
        }

        @Override
        public Initializer weights(Params p, int fanIn, int fanOut) {
            float mean = (float) p.number("mean");
            float std = (float) p.number("std");
            return (m, sh, t) -> m.randomNormal(mean, std, sh, t);
        }
    }

    /** nn.init.uniform_ with its bounds. */
    private static final class Uniform implements InitDefinition {
        @Override
        public String type() {
            return "uniform";
        }

        @Override
        public String description() {
            return "U(low, high), as nn.init.uniform_";
        }

        @Override
        public List<ParamDef> params() {
            return List.of(ParamDef.number("low", "lower bound").defaultsTo(0.0), ParamDef.number("high", "upper bound").defaultsTo(1.0));
        }

        @Override
        public void check(Params p, String pointer, io.descent.training.catalog.Violations violations) {
            if (p.number("low") >= p.number("high")) {
                violations.add(pointer + "/high", "\"high\" must be greater than \"low\".");
            }
        }

        @Override
        public Initializer weights(Params p, int fanIn, int fanOut) {
            float low = (float) p.number("low");
            float high = (float) p.number("high");
            return (m, sh, t) -> m.randomUniform(low, high, sh, t);
        }
    }
}
