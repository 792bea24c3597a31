package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.descent.training.catalog.Configured;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The one place that turns a layer list into a DJL block, initialized as the spec says. */
public final class NetworkBuilder {

    private NetworkBuilder() {}

    /**
     * Builds and initializes a multi-layer perceptron: the hidden layers, then a linear output
     * layer of {@code outputs} units (logits or regression values). Parameters are drawn from the
     * engine's random generator, so the caller seeds it first for reproducible runs.
     */
    public static Network build(List<LayerSpec> layers, Configured<InitDefinition> init, int inputs, int outputs, NDManager manager) {
        SequentialBlock network = new SequentialBlock();
        Map<Parameter, Double> maxNorms = new IdentityHashMap<>();
        List<SeededDropout> dropouts = new ArrayList<>();
        int fanIn = inputs;
        for (LayerSpec layer : layers) {
            Linear dense = linear(layer.units(), fanIn, init);
            network.add(dense);
            UnaryOperator<NDArray> activation = layer.activation().definition().create(layer.activation().params());
            network.add(new LambdaBlock(list -> new NDList(activation.apply(list.singletonOrThrow())), layer.activation().definition().type()));
            if (layer.dropout() > 0) {
                SeededDropout dropout = new SeededDropout((float) layer.dropout());
                dropouts.add(dropout);
                network.add(dropout);
            }
            fanIn = layer.units();
        }
        network.add(linear(outputs, fanIn, init));
        network.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        // Parameters exist only after initialize(); collect the constrained weights now.
        int hidden = 0;
        for (Block child : network.getChildren().values()) {
            if (child instanceof Linear dense && hidden < layers.size()) {
                Double maxNorm = layers.get(hidden++).maxNorm();
                if (maxNorm != null) {
                    maxNorms.put(dense.getParameters().get("weight"), maxNorm);
                }
            }
        }
        return new Network(network, maxNorms, List.copyOf(dropouts));
    }

    private static Linear linear(int units, int fanIn, Configured<InitDefinition> init) {
        Linear linear = Linear.builder().setUnits(units).build();
        linear.setInitializer(init.definition().weights(init.params(), fanIn, units), Parameter.Type.WEIGHT);
        linear.setInitializer(init.definition().biases(init.params(), fanIn), Parameter.Type.BIAS);
        return linear;
    }
}
