package io.descent.training.loss;

import io.descent.training.Scalars;
import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.nn.CrossEntropyLoss} on logits and integer labels: log-softmax then negative
 * log-likelihood; with label smoothing ε the target puts 1-ε on the label and ε/C on every class.
 */
public final class CrossEntropy implements LossDefinition {

    @Override
    public String type() {
        return "cross_entropy";
    }

    @Override
    public String description() {
        return "Softmax cross-entropy on logits with integer class labels, as torch.nn.CrossEntropyLoss.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(
                ParamDef.number("labelSmoothing", "weight moved from the label to a uniform distribution").defaultsTo(0.0).atLeast(0).atMost(1),
                REDUCTION);
    }

    @Override
    public Set<TargetKind> targets() {
        return Set.of(TargetKind.CLASSES);
    }

    @Override
    public LossFunction create(Params params, int classes) {
        double smoothing = params.number("labelSmoothing");
        String reduction = params.choice("reduction");
        return new LossFunction() {
            @Override
            public NDArray elements(NDArray output, NDArray target) {
                NDArray logProbabilities = output.logSoftmax(1);
                NDArray nll = logProbabilities.gather(target.reshape(-1, 1), 1).reshape(-1).neg();
                if (smoothing == 0) {
                    return nll;
                }
                NDArray uniform = logProbabilities.mean(new int[] {1}).neg();
                return Scalars.mul(nll, 1 - smoothing).add(Scalars.mul(uniform, smoothing));
            }

            @Override
            public NDArray reduce(NDArray elements) {
                return Reduction.apply(reduction, elements);
            }
        };
    }
}
