package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape every torch.optim optimizer shares: coupled weight decay (g ← g + wd·θ), then an
 * update of each parameter from its own {@link ParamState}, which lives in native memory owned by
 * this updater and is saved to and restored from checkpoints.
 */
abstract class PerParameterUpdater implements ParameterUpdater {

    /** Owns every state tensor; temporaries of a step go to a {@link StepScope} under it. */
    protected final NDManager state;
    private final double coupledWeightDecay;
    /** Sorted by parameter name, so checkpoints list them in a stable order. */
    private final Map<String, ParamState> states = new TreeMap<>();

    /** @param coupledWeightDecay added to the gradient as wd·θ before {@link #update}; 0 for none */
    PerParameterUpdater(NDManager parent, double coupledWeightDecay) {
        this.state = parent.newSubManager();
        this.coupledWeightDecay = coupledWeightDecay;
    }

    /** State of a parameter before its first update. */
    abstract ParamState newState(NDArray parameter);

    /** Updates {@code p.value()} in place from gradient {@code g} (weight decay already added). */
    abstract void update(TrainableParameter p, NDArray g, ParamState s, double learningRate, StepScope scope);

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
    public void save(StateOutput out) throws IOException {
        out.writeInt(states.size());
        for (Map.Entry<String, ParamState> entry : states.entrySet()) {
            out.writeString(entry.getKey());
            out.writeLong(entry.getValue().step);
            out.writeInt(entry.getValue().tensors.length);
            for (NDArray tensor : entry.getValue().tensors) {
                out.writeArray(tensor);
            }
        }
    }

    @Override
    public void restore(StateInput in) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readString();
            long step = in.readLong();
            NDArray[] tensors = new NDArray[in.readInt()];
            for (int t = 0; t < tensors.length; t++) {
                tensors[t] = in.readArray(state);
            }
            ParamState restored = new ParamState(tensors);
            restored.step = step;
            states.put(name, restored);
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
