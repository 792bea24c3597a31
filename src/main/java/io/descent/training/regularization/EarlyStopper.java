package io.descent.training.regularization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.descent.training.EpochListener;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import io.descent.training.checkpoint.Checkpointed;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks the monitored metric epoch by epoch, keeps a copy of the best parameters when asked to
 * restore them, and says when to stop. One instance per run; it owns the copies' native memory.
 */
public final class EarlyStopper implements AutoCloseable, Checkpointed, EpochListener {

    private final EarlyStopping rule;
    private final PairList<String, Parameter> parameters;
    private final NDManager parent;
    private NDManager bestCopy;
    private List<NDArray> bestValues;
    private double best;
    private int bestEpoch;
    private int sinceImprovement;

    public EarlyStopper(EarlyStopping rule, PairList<String, Parameter> parameters, NDManager parent) {
        this.rule = rule;
        this.parameters = parameters;
        this.parent = parent;
        this.best = rule.maximize() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** @return non-null when the run should stop after this epoch */
    @Override
    public TrainingResult.EarlyStop epochFinished(EpochMetrics metrics) {
        double value = rule.monitor().value(metrics);
        if (rule.improves(value, best)) {
            best = value;
            bestEpoch = metrics.epoch();
            sinceImprovement = 0;
            if (rule.restoreBest()) {
                snapshot();
            }
            return null;
        }
        sinceImprovement++;
        if (sinceImprovement < rule.patience()) {
            return null;
        }
        boolean restore = restoreBest();
        String monitor = rule.monitor().name().toLowerCase();
        String reason = String.format(java.util.Locale.ROOT, "%s did not improve by more than %.6g for %d epoch(s); the best, %.6g, was at epoch %d%s",
                monitor, rule.minDelta(), rule.patience(), best, bestEpoch, restore ? " and its parameters were restored" : "");
        return new TrainingResult.EarlyStop(metrics.epoch(), bestEpoch, monitor, best, restore, reason);
    }

    /**
     * The run reached its last epoch, {@code lastEpoch} (1-based), without stopping early: with
     * {@code restoreBest} the parameters become the best epoch's here too.
     *
     * @return the epoch whose parameters the network now holds
     */
    public int runFinished(int lastEpoch) {
        return restoreBest() ? bestEpoch : lastEpoch;
    }

    /**
     * The epoch whose parameters the model should hold if the run ended after {@code finishedEpochs}
     * now, for any reason (cancelled, timed out, pruned, diverged): the best so far with
     * {@code restoreBest}, else the last. Its checkpoint holds them; nothing is copied here.
     */
    public int weightsIfEndedAfter(int finishedEpochs) {
        return rule.restoreBest() && bestValues != null ? bestEpoch : finishedEpochs;
    }

    /** Whether the run ends with the best epoch's parameters rather than the last's. */
    public boolean restoresBest() {
        return rule.restoreBest();
    }

    /** Copies the best epoch's parameters back when asked to keep them; false when there is nothing to restore. */
    private boolean restoreBest() {
        if (!rule.restoreBest() || bestValues == null) {
            return false;
        }
        for (int i = 0; i < bestValues.size(); i++) {
            bestValues.get(i).copyTo(parameters.get(i).getValue().getArray());
        }
        return true;
    }

    private void snapshot() {
        if (bestCopy != null) {
            bestCopy.close();
        }
        bestCopy = parent.newSubManager();
        bestValues = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(bestCopy);
            bestValues.add(copy);
        }
    }

    @Override
    public void save(StateOutput out) throws IOException {
        out.writeDouble(best);
        out.writeInt(bestEpoch);
        out.writeInt(sinceImprovement);
        out.writeInt(bestValues == null ? 0 : bestValues.size());
        if (bestValues != null) {
            for (NDArray value : bestValues) {
                out.writeArray(value);
            }
        }
    }

    @Override
    public void restore(StateInput in) throws IOException {
        best = in.readDouble();
        bestEpoch = in.readInt();
        sinceImprovement = in.readInt();
        int copies = in.readInt();
        if (copies > 0) {
            bestCopy = parent.newSubManager();
            bestValues = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                bestValues.add(in.readArray(bestCopy));
            }
        }
    }

    @Override
    public void close() {
        if (bestCopy != null) {
            bestCopy.close();
        }
    }
}
