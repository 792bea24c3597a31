package io.descent.training.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private static Configured<InitDefinition> init(Map<String, Object> spec) {
        return Initializations.CATALOG.resolve(spec, "", new Violations()).orElseThrow();
    }

    private static LayerSpec layer(int units, Double maxNorm) {
        return new LayerSpec(units, Activations.CATALOG.resolve(Map.of("type", "relu"), "", new Violations()).orElseThrow(), 0, maxNorm);
    }

    private NDArray parameter(Network network, int index) {
        return network.block().getParameters().get(index).getValue().getArray();
    }

    @Test
    void pyTorchDefaultDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        Network network = NetworkBuilder.build(List.of(layer(300, null)), init(Map.of("type", "default")), 400, 3, manager);
        float bound = (float) (1 / Math.sqrt(400));
        NDArray weight = parameter(network, 0);
        NDArray bias = parameter(network, 1);
        assertThat(weight.getShape().getShape()).containsExactly(300, 400);
        assertThat(weight.abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(0.95f * bound);
        assertThat(bias.abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(0.9f * bound);
    }

    @Test
    void xavierUniformUsesBothFansAndZeroBiases() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        Network network = NetworkBuilder.build(List.of(layer(300, null)), init(Map.of("type", "xavier_uniform", "gain", 2.0)), 100, 3, manager);
        float bound = (float) (2 * Math.sqrt(6.0 / 400));
        assertThat(parameter(network, 0).abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(0.95f * bound);
        assertThat(parameter(network, 1).abs().max().getFloat()).isZero();
    }

    @Test
    void kaimingNormalHasTheHeStandardDeviation() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        Network network = NetworkBuilder.build(List.of(layer(500, null)), init(Map.of("type", "kaiming_normal")), 200, 3, manager);
        NDArray weight = parameter(network, 0);
        double std = Math.sqrt(weight.square().mean().getFloat());
        assertThat(std).isCloseTo(Math.sqrt(2.0 / 200), within(0.002));
    }

    @Test
    void normalUsesTheGivenMeanAndStd() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        Network network = NetworkBuilder.build(List.of(), init(Map.of("type", "normal", "mean", 0.5, "std", 0.1)), 2000, 100, manager);
        NDArray weight = parameter(network, 0);
        assertThat(weight.mean().getFloat()).isCloseTo(0.5f, within(0.005f));
        assertThat(Math.sqrt(weight.sub(0.5f).square().mean().getFloat())).isCloseTo(0.1, within(0.002));
    }

    @Test
    void maxNormRescalesOnlyTheRowsAboveTheLimit() {
        Network network = NetworkBuilder.build(List.of(layer(2, 1.0)), init(Map.of("type", "zeros")), 2, 2, manager);
        NDArray weight = parameter(network, 0);
        weight.set(new float[] {3f, 4f, 0.3f, 0.4f});
        network.constrain();
        assertThat(weight.toFloatArray()).containsExactly(new float[] {0.6f, 0.8f, 0.3f, 0.4f}, within(1e-5f));
        assertThat(parameter(network, 2).toFloatArray()).as("the output layer has no constraint").containsOnly(0f);
    }
}
