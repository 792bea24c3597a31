package io.descent.training.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.Initializer;
import java.util.List;
import java.util.function.UnaryOperator;

/** The one place that turns a layer list into a DJL block with PyTorch's initialization. */
public final class NetworkBuilder {

    private NetworkBuilder() {}

    /**
     * Builds and initializes a multi-layer perceptron: the hidden layers, then a linear output
     * layer of {@code outputs} units (logits or regression values). Parameters are drawn from the
     * engine's random generator, so the caller seeds it first for reproducible runs.
     */
    public static Block build(List<LayerSpec> layers, int inputs, int outputs, NDManager manager) {
        SequentialBlock network = new SequentialBlock();
        int fanIn = inputs;
        for (LayerSpec layer : layers) {
            network.add(linear(layer.units(), fanIn));
            UnaryOperator<ai.djl.ndarray.NDArray> activation = layer.activation().definition().create(layer.activation().params());
            network.add(new LambdaBlock(list -> new NDList(activation.apply(list.singletonOrThrow())), layer.activation().definition().type()));
            if (layer.dropout() > 0) {
                network.add(Dropout.builder().optRate((float) layer.dropout()).build());
            }
            fanIn = layer.units();
        }
        network.add(linear(outputs, fanIn));
        network.initialize(manager, DataType.FLOAT32, new Shape(1, inputs));
        return network;
    }

    /**
     * torch.nn.Linear's default: weight and bias both uniform in ±1/√fan_in (kaiming_uniform
     * with a = √5 reduces to that bound).
     */
    private static Block linear(int units, int fanIn) {
        Linear linear = Linear.builder().setUnits(units).build();
        float bound = (float) (1 / Math.sqrt(fanIn));
        Initializer uniform = (m, shape, type) -> m.randomUniform(-bound, bound, shape, type);
        linear.setInitializer(uniform, Parameter.Type.WEIGHT);
        linear.setInitializer(uniform, Parameter.Type.BIAS);
        return linear;
    }

}
