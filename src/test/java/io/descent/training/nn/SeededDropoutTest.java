package io.descent.training.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.descent.support.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeededDropoutTest {

    private final NDManager manager = Tensors.newManager();
    private final ParameterStore store = new ParameterStore(manager, false);

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] forward(SeededDropout dropout, NDArray x, boolean training) {
        return dropout.forward(store, new NDList(x), training).singletonOrThrow().toFloatArray();
    }

    @Test
    void keepsOneMinusRateOfTheElementsScaledByItsInverse() {
        SeededDropout dropout = new SeededDropout(0.2f);
        dropout.reseed(7);
        float[] out = forward(dropout, manager.ones(new Shape(256, 256)), true);
        int kept = 0;
        for (float v : out) {
            if (v != 0) {
                assertThat(v).isEqualTo(1f / 0.8f);
                kept++;
            }
        }
        // 65,536 Bernoulli(0.8) draws: the standard deviation of the kept fraction is 0.0016.
        assertThat(kept / (double) out.length).isCloseTo(0.8, within(0.008));
    }

    @Test
    void passesTheInputThroughOutsideTraining() {
        SeededDropout dropout = new SeededDropout(0.5f);
        NDArray x = manager.arange(0f, 12f).reshape(3, 4);
        assertThat(forward(dropout, x, false)).containsExactly(x.toFloatArray());
    }

    @Test
    void theSameSeedDrawsTheSameMasksAndAnotherSeedOthers() {
        SeededDropout a = new SeededDropout(0.5f);
        SeededDropout b = new SeededDropout(0.5f);
        NDArray x = manager.ones(new Shape(64, 33));
        a.reseed(1);
        b.reseed(1);
        float[] first = forward(a, x, true);
        assertThat(forward(b, x, true)).containsExactly(first);
        float[] second = forward(a, x, true);
        assertThat(second).isNotEqualTo(first);
        b.reseed(2);
        assertThat(forward(b, x, true)).isNotEqualTo(first);
    }

    @Test
    void anEarlierMaskStaysIntactWhileTheNextIsDrawn() {
        // The mask tensors alias the block's two native buffers, and autograd keeps a step's mask
        // for its backward pass: drawing the next mask must not overwrite it. The gradient of the
        // first output, taken after the second draw, is the first mask read from its buffer.
        JniUtils.setGradMode(false);
        SeededDropout dropout = new SeededDropout(0.5f);
        dropout.reseed(3);
        NDArray x = manager.ones(new Shape(32, 32));
        x.setRequiresGradient(true);
        float[] firstMask;
        float[] secondMask;
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray first = dropout.forward(store, new NDList(x), true).singletonOrThrow();
            firstMask = first.toFloatArray();
            secondMask = dropout.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            collector.backward(first.sum());
        }
        assertThat(secondMask).as("the second draw is another mask").isNotEqualTo(firstMask);
        assertThat(x.getGradient().toFloatArray()).containsExactly(firstMask);
    }

    @Test
    void theGradientIsTheMask() {
        JniUtils.setGradMode(false);
        SeededDropout dropout = new SeededDropout(0.3f);
        dropout.reseed(5);
        NDArray x = manager.randomUniform(1f, 2f, new Shape(8, 16), DataType.FLOAT32);
        x.setRequiresGradient(true);
        float[] out;
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray y = dropout.forward(store, new NDList(x), true).singletonOrThrow();
            out = y.toFloatArray();
            collector.backward(y.sum());
        }
        float[] inputs = x.toFloatArray();
        float[] gradient = x.getGradient().toFloatArray();
        for (int i = 0; i < out.length; i++) {
            float mask = out[i] == 0 ? 0f : 1f / 0.7f;
            assertThat(gradient[i]).isEqualTo(mask);
            assertThat(out[i]).isCloseTo(inputs[i] * mask, within(1e-6f));
        }
    }
}
