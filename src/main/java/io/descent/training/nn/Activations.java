package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import io.descent.training.Scalars;
import io.descent.training.catalog.Catalog;
import io.descent.training.catalog.ParamDef;
import java.util.List;

/** Every activation a layer can name, with torch.nn's definitions. Add a new one here, once. */
public final class Activations {

    public static final Catalog<ActivationDefinition> CATALOG = new Catalog<>("activation", List.of(
            new SimpleActivation("relu", "max(x, 0)", Activation::relu),
            new ParameterizedActivation("leaky_relu", "max(x, 0) + slope·min(x, 0), as torch.nn.LeakyReLU",
                    List.of(ParamDef.number("slope", "slope for negative inputs").defaultsTo(0.01).atLeast(0)),
                    p -> x -> Activation.leakyRelu(x, (float) p.number("slope"))),
            new ParameterizedActivation("elu", "x for x > 0, alpha·(e^x − 1) otherwise, as torch.nn.ELU",
                    List.of(ParamDef.number("alpha", "saturation value for negative inputs").defaultsTo(1.0).above(0)),
                    p -> x -> Activation.elu(x, (float) p.number("alpha"))),
            new SimpleActivation("selu", "scale·elu(x, alpha) with PyTorch's fixed constants, as torch.nn.SELU", Activation::selu),
            new ParameterizedActivation("gelu", "x·Φ(x), exactly or with the tanh approximation, as torch.nn.GELU",
                    List.of(ParamDef.choice("approximate", List.of("none", "tanh"), "none", "exact erf form, or the tanh approximation")),
                    p -> "tanh".equals(p.choice("approximate")) ? Activations::geluTanh : Activation::gelu),
            new SimpleActivation("sigmoid", "1 / (1 + e^(−x))", Activation::sigmoid),
            new SimpleActivation("tanh", "hyperbolic tangent", Activation::tanh),
            new ParameterizedActivation("softplus", "log(1 + e^(beta·x))/beta, linear above threshold, as torch.nn.Softplus",
                    List.of(ParamDef.number("beta", "sharpness").defaultsTo(1.0).above(0),
                            ParamDef.number("threshold", "beta·x above which the function is x").defaultsTo(20.0).above(0)),
                    p -> x -> softplus(x, p.number("beta"), p.number("threshold"))),
            new SimpleActivation("silu", "x·σ(x), as torch.nn.SiLU", Activations::silu),
            new SimpleActivation("swish", "x·σ(x), the same function as silu", Activations::silu),
            new SimpleActivation("mish", "x·tanh(softplus(x)), as torch.nn.Mish", x -> x.mul(softplus(x, 1, 20).tanh()))));

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {}

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /**
     * Above the threshold the input is returned as is. Below it, max(z, 0) + log1p(e^(−|z|)) with
     * z = beta·x: log(1 + e^z) rounds to exactly 0 for z below about −17 in float32, where
     * softplus(−25) is 1.39e-11 (DJL's NDArray has no log1p).
     */
    static NDArray softplus(NDArray x, double beta, double threshold) {
        NDArray scaled = Scalars.mul(x, beta);
        // clip, not minimum: at beta·x == threshold PyTorch takes the smooth branch with its full gradient
        NDArray z = scaled.clip(-Float.MAX_VALUE, threshold);
        NDArray smooth = Scalars.div(Scalars.maximum(z, 0).add(log1p(z.abs().neg().exp())), beta);
        return NDArrays.where(scaled.gt(threshold), x, smooth);
    }

    /**
     * log(1 + u) for u in (0, 1]: below 0.03, where 1 + u would round u's digits away, the series
     * u − u²/2 + u³/3 − u⁴/4 (relative error under 2e-7); above, log(1 + u) (under 2e-6).
     */
    private static NDArray log1p(NDArray u) {
        NDArray series = Scalars.mul(u, -0.25f).add(1f / 3).mul(u).sub(0.5f).mul(u).add(1f).mul(u);
        return NDArrays.where(u.lt(0.03f), series, u.add(1f).log());
    }

    static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715f)), SQRT_2_OVER_PI).tanh();
        return Scalars.mul(x.mul(inner.add(1f)), 0.5f);
    }
}
