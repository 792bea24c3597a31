package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.LossDefinition;
import io.descent.training.loss.LossFunction;
import io.descent.training.loss.Losses;
import io.descent.training.loss.TargetKind;
import io.descent.training.nn.ActivationDefinition;
import io.descent.training.nn.Activations;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass changes no gradient of any
 * activation or loss in the catalogue (see {@link Scalars} for how it did).
 */
class ScalarsTest {

    private final NDManager manager = Tensors.newManager();

    @BeforeEach
    void gradModeOff() {
        // As in the training loop: only the gradient collector records.
        JniUtils.setGradMode(false);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Runs a full collection and waits until the Reference Handler has run the cleaners it found. */
    private static void collectGarbage() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        Object canary = new Object();
        PhantomReference<Object> reference = new PhantomReference<>(canary, queue);
        canary = null;
        boolean collected = false;
        for (int i = 0; i < 10 && !collected; i++) {
            System.gc();
            collected = queue.remove(500) != null;
        }
        assertThat(collected).as("a collection within 5 s").isTrue();
        assertThat(reference.refersTo(null)).isTrue();
        // The direct buffers' cleaners run on the same thread, right after the references it hands over.
        Thread.sleep(200);
    }

    /** The gradient of sum(f(x)) at x, with a collection between forward and backward when asked. */
    private float[] gradient(UnaryOperator<NDArray> f, float[] input, Shape shape, boolean collectInBetween) throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, shape);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                if (collectInBetween) {
                    collectGarbage();
                }
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    private static final float[] INPUT = {-30f, -2.5f, -0.7f, -0.01f, 0f, 0.02f, 0.9f, 3f, 25f};

    @Test
    void djlsOwnScalarProductLosesItsFactorToACollection() throws Exception {
        // The harness must free what DJL lets go of, or the tests below prove nothing. If this
        // fails after a DJL upgrade that keeps the buffer alive, Scalars can go.
        float[] kept = gradient(x -> x.mul(0.9f), new float[] {1f, 2f}, new Shape(2), false);
        float[] collected = gradient(x -> x.mul(0.9f), new float[] {1f, 2f}, new Shape(2), true);
        assertThat(kept).containsExactly(0.9f, 0.9f);
        assertThat(collected).as("gradient of DJL's x.mul(0.9f) after a collection").isNotEqualTo(kept);
        assertThat(gradient(x -> Scalars.mul(x, 0.9f), new float[] {1f, 2f}, new Shape(2), true)).containsExactly(0.9f, 0.9f);
    }

    @Test
    void everyActivationsGradientSurvivesACollection() throws Exception {
        List<Map<String, Object>> specs = new ArrayList<>();
        for (ActivationDefinition definition : Activations.CATALOG.all()) {
            specs.add(Map.of("type", definition.type()));
        }
        specs.add(Map.of("type", "softplus", "beta", 2.0, "threshold", 5.0));
        specs.add(Map.of("type", "gelu", "approximate", "tanh"));
        specs.add(Map.of("type", "elu", "alpha", 0.5));
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map<String, Object> spec : specs) {
            Configured<ActivationDefinition> activation = Activations.CATALOG.resolve(spec, "", new Violations()).orElseThrow();
            UnaryOperator<NDArray> f = activation.definition().create(activation.params());
            float[] kept = gradient(f, INPUT, new Shape(INPUT.length), false);
            float[] collected = gradient(f, INPUT, new Shape(INPUT.length), true);
            if (!java.util.Arrays.equals(kept, collected)) {
                changed.put(spec.toString(), java.util.Arrays.toString(kept) + " became " + java.util.Arrays.toString(collected));
            }
        }
        assertThat(changed).isEmpty();
    }

    @Test
    void everyLossesGradientSurvivesACollection() throws Exception {
        List<Map<String, Object>> specs = new ArrayList<>();
        for (LossDefinition definition : Losses.CATALOG.all()) {
            specs.add(Map.of("type", definition.type()));
        }
        specs.add(Map.of("type", "cross_entropy", "labelSmoothing", 0.1));
        specs.add(Map.of("type", "huber", "delta", 0.5));
        float[] logits = {1.5f, -0.3f, 0.2f, -2f, 0.7f, 0.1f, 0.05f, 3f, -1f, 0.4f, 0.6f, -0.8f};
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map<String, Object> spec : specs) {
            Configured<LossDefinition> definition = Losses.CATALOG.resolve(spec, "", new Violations()).orElseThrow();
            boolean classes = definition.definition().targets().contains(TargetKind.CLASSES);
            LossFunction loss = definition.definition().create(definition.params(), classes ? 3 : 0);
            Shape shape = classes ? new Shape(4, 3) : new Shape(12, 1);
            UnaryOperator<NDArray> f = x -> {
                NDArray target = classes ? x.getManager().create(new long[] {0, 2, 1, 2})
                        : x.getManager().create(new float[] {1f, 0f, 0.5f, -1f, 2f, 0f, 0f, 1f, -3f, 0.5f, 1f, 0f}, shape);
                return loss.reduce(loss.elements(loss.output(x), target));
            };
            float[] kept = gradient(f, logits, shape, false);
            float[] collected = gradient(f, logits, shape, true);
            if (!java.util.Arrays.equals(kept, collected)) {
                changed.put(spec.toString(), java.util.Arrays.toString(kept) + " became " + java.util.Arrays.toString(collected));
            }
        }
        assertThat(changed).isEmpty();
    }
}
