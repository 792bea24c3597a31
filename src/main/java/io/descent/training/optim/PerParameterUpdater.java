package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape every torch.optim optimizer shares: coupled weight decay (g ← g + wd·θ), then an
 * update of each parameter from its own state (momentum buffers, moments, step counts), which
 * lives in native memory owned by this updater.
 *
 * @param <S> the per-parameter state
 */
abstract class PerParameterUpdater<S> implements ParameterUpdater {

    /** Owns every state tensor; temporaries of a step go to a {@link StepScope} under it. */
    protected final NDManager state;
    private final double coupledWeightDecay;
    private final Map<String, S> states = new HashMap<>();

    /** @param coupledWeightDecay added to the gradient as wd·θ before {@link #update}; 0 for none */
    PerParameterUpdater(NDManager parent, double coupledWeightDecay) {
        this.state = parent.newSubManager();
        this.coupledWeightDecay = coupledWeightDecay;
    }

    /** State of a parameter before its first update. */
    abstract S newState(NDArray parameter);

    /** Updates {@code p.value()} in place from gradient {@code g} (weight decay already added). */
    abstract void update(TrainableParameter p, NDArray g, S s, double learningRate, StepScope scope);

    @Override
    public final void step(List<TrainableParameter> parameters, double learningRate) {
        for (TrainableParameter p : parameters) {
            try (StepScope scope = new StepScope(state)) {
                NDArray g = coupledWeightDecay == 0 ? p.gradient() : p.gradient().add(scope.local(p.value().mul(coupledWeightDecay)));
                update(p, g, states.computeIfAbsent(p.name(), k -> newState(p.value())), learningRate, scope);
            }
        }
    }

    /** A zero tensor shaped like {@code like}, owned by the optimizer state. */
    protected NDArray zeros(NDArray like) {
        return state.zeros(like.getShape(), like.getDataType(), like.getDevice());
    }

    @Override
    public void close() {
        state.close();
    }
}
