package io.descent.training.nn;

import ai.djl.nn.Activation;
import io.descent.training.catalog.Catalog;
import java.util.List;

/** Every activation a layer can name. Add a new one here, once. */
public final class Activations {

    public static final Catalog<ActivationDefinition> CATALOG = new Catalog<>("activation", List.of(
            new SimpleActivation("relu", "max(x, 0)", Activation::relu),
            new SimpleActivation("sigmoid", "1 / (1 + exp(-x))", Activation::sigmoid),
            new SimpleActivation("tanh", "hyperbolic tangent", Activation::tanh),
            new LeakyRelu()));

    private Activations() {}
}
