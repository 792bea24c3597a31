package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A loss defined element by element between the output and a dense target (real values, or
 * one-hot class labels): MSE, L1, Huber, BCE, BCE-with-logits, soft margin.
 */
abstract class ElementwiseLoss implements LossDefinition {

    private final String type;
    private final String description;
    private final Set<TargetKind> targets;

    ElementwiseLoss(String type, String description, Set<TargetKind> targets) {
        this.type = type;
        this.description = description;
        this.targets = targets;
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
    public Set<TargetKind> targets() {
        return targets;
    }

    /** Parameters besides {@code reduction}. */
    List<ParamDef> extraParams() {
        return List.of();
    }

    @Override
    public final List<ParamDef> params() {
        List<ParamDef> all = new ArrayList<>(extraParams());
        all.add(REDUCTION);
        return all;
    }

    /** The network's final activation for this loss; identity by default. */
    NDArray output(NDArray raw) {
        return raw;
    }

    /** Class probabilities from the output; softmax unless the loss is sigmoid-based. */
    NDArray probabilities(NDArray output) {
        return output.softmax(1);
    }

    /** One-vs-rest sigmoid scores scaled to sum to 1, for the sigmoid-based losses. */
    static NDArray normalizedSigmoid(NDArray output) {
        NDArray scores = ai.djl.nn.Activation.sigmoid(output);
        return scores.div(scores.sum(new int[] {1}, true));
    }

    /** @return (output, dense target) → terms of the same shape */
    abstract BiFunction<NDArray, NDArray, NDArray> terms(Params params);

    @Override
    public LossFunction create(Params params, int classes) {
        String reduction = params.choice("reduction");
        BiFunction<NDArray, NDArray, NDArray> terms = terms(params);
        return new LossFunction() {
            @Override
            public NDArray output(NDArray raw) {
                return ElementwiseLoss.this.output(raw);
            }

            @Override
            public NDArray probabilities(NDArray output) {
                return ElementwiseLoss.this.probabilities(output);
            }

            @Override
            public NDArray elements(NDArray output, NDArray target) {
                return terms.apply(output, Targets.dense(output, target, classes));
            }

            @Override
            public NDArray reduce(NDArray elements) {
                return Reduction.apply(reduction, elements);
            }
        };
    }
}
