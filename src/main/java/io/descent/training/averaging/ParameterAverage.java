package io.descent.training.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.EpochListener;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import io.descent.training.checkpoint.Checkpointed;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A running average of a network's parameters, as {@code torch.optim.swa_utils.AveragedModel}
 * keeps it: the first update copies the parameters, later ones fold them in ({@link #fold}); the
 * count of updates ({@code n_averaged}) and the averaged tensors are checkpointed. The raw
 * parameters keep training; evaluation and the trained model use the average once one exists.
 * Subclasses say when to update. One instance per run, on the training thread; it owns its memory.
 */
public abstract class ParameterAverage implements EpochListener, Checkpointed, AutoCloseable {

    private final List<NDArray> parameters;
    private final NDManager memory;
    private List<NDArray> average;
    private List<NDArray> raw;
    private long averaged;

    protected ParameterAverage(List<NDArray> parameters, NDManager parent) {
        this.parameters = parameters;
        this.memory = parent.newSubManager();
    }

    /**
     * Folds {@code value} into {@code average} in place, the {@code averaged}+1-th value.
     * Temporaries go to {@code scope}.
     */
    protected abstract void fold(NDArray average, NDArray value, long averaged, NDManager scope);

    /** Adds the parameters as they are now to the average ({@code update_parameters}). */
    protected final void update(NDManager scope) {
        if (average == null) {
            average = new ArrayList<>(parameters.size());
            raw = new ArrayList<>(parameters.size());
            for (NDArray p : parameters) {
                average.add(owned(p.duplicate()));
                raw.add(owned(p.duplicate()));
            }
        } else {
            for (int i = 0; i < parameters.size(); i++) {
                fold(average.get(i), parameters.get(i), averaged, scope);
            }
        }
        averaged++;
    }

    /** Updates counted so far ({@code n_averaged}). */
    public long averaged() {
        return averaged;
    }

    /** The averaged tensors (read only), or null before the first update. */
    public List<NDArray> average() {
        return average;
    }

    /**
     * Computes {@code work} with the average in the parameters' place, then puts the raw
     * parameters back; with no average yet, with the raw parameters.
     */
    public <T> T withAverage(Supplier<T> work) {
        if (average == null) {
            return work.get();
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).copyTo(raw.get(i));
            average.get(i).copyTo(parameters.get(i));
        }
        try {
            return work.get();
        } finally {
            for (int i = 0; i < parameters.size(); i++) {
                raw.get(i).copyTo(parameters.get(i));
            }
        }
    }

    /** Replaces the parameters by the average, if there is one (for a trained model, which stops training). */
    public void replaceParameters() {
        if (average != null) {
            for (int i = 0; i < parameters.size(); i++) {
                average.get(i).copyTo(parameters.get(i));
            }
        }
    }

    @Override
    public TrainingResult.EarlyStop epochFinished(EpochMetrics metrics) {
        return null;
    }

    @Override
    public void save(StateOutput out) throws IOException {
        out.writeLong(averaged);
        out.writeInt(average == null ? 0 : average.size());
        if (average != null) {
            for (NDArray a : average) {
                out.writeArray(a);
            }
        }
    }

    @Override
    public void restore(StateInput in) throws IOException {
        long count = in.readLong();
        int tensors = in.readInt();
        if (count < 0 || (count == 0) != (tensors == 0) || (tensors != 0 && tensors != parameters.size())) {
            throw new IOException("Checkpoint has an average of " + tensors + " tensors over " + count + " updates; the network has "
                    + parameters.size() + " parameters");
        }
        if (tensors > 0) {
            average = new ArrayList<>(tensors);
            raw = new ArrayList<>(tensors);
            for (NDArray p : parameters) {
                NDArray a = owned(p.duplicate());
                in.readInto(a);
                average.add(a);
                raw.add(owned(p.duplicate()));
            }
        }
        averaged = count;
    }

    @Override
    public void close() {
        memory.close();
    }

    private NDArray owned(NDArray array) {
        array.attach(memory);
        return array;
    }
}
