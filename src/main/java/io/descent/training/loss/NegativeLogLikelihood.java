package io.descent.training.loss;

import ai.djl.ndarray.NDArray;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.nn.NLLLoss} on log-probabilities: the network ends in log-softmax (applied as this
 * loss's output activation) and the loss is −log p of the label.
 */
public final class NegativeLogLikelihood implements LossDefinition {

    @Override
    public String type() {
        return "nll";
    }

    @Override
    public String description() {
        return "Negative log-likelihood of the label on a log-softmax output layer, as torch.nn.NLLLoss.";
    }

    @Override
    public List<ParamDef> params() {
        return List.of(REDUCTION);
    }

    @Override
    public Set<TargetKind> targets() {
        return Set.of(TargetKind.CLASSES);
    }

    @Override
    public LossFunction create(Params params, int classes) {
        String reduction = params.choice("reduction");
        return new LossFunction() {
            @Override
            public NDArray output(NDArray raw) {
                return raw.logSoftmax(1);
            }

            @Override
            public NDArray probabilities(NDArray logProbabilities) {
                return logProbabilities.exp();
            }

            @Override
            public NDArray elements(NDArray logProbabilities, NDArray target) {
                return logProbabilities.gather(target.reshape(-1, 1), 1).reshape(-1).neg();
            }

            @Override
            public NDArray reduce(NDArray elements) {
                return Reduction.apply(reduction, elements);
            }
        };
    }
}
