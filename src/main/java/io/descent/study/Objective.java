package io.descent.study;

import io.descent.training.EpochMetrics;
import io.descent.training.Monitor;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a study optimises: a per-epoch metric, its direction, and whether a trial counts by its
 * best epoch or its last.
 */
public record Objective(Monitor metric, boolean maximize, boolean bestEpoch) {

    /** The trial's objective after its first {@code epochs} epochs; empty when it has none yet. */
    public OptionalDouble after(List<EpochMetrics> trial, int epochs) {
        int n = Math.min(epochs, trial.size());
        if (n == 0) {
            return OptionalDouble.empty();
        }
        if (!bestEpoch) {
            return OptionalDouble.of(metric.value(trial.get(n - 1)));
        }
        double best = metric.value(trial.get(0));
        for (int i = 1; i < n; i++) {
            double v = metric.value(trial.get(i));
            if (better(v, best)) {
                best = v;
            }
        }
        return OptionalDouble.of(best);
    }

    /** The objective over every recorded epoch. */
    public OptionalDouble of(List<EpochMetrics> trial) {
        return after(trial, trial.size());
    }

    /** Strictly better in this objective's direction; NaN is never better. */
    public boolean better(double a, double b) {
        return maximize ? a > b : a < b;
    }

    /** Best first. */
    public Comparator<Double> bestFirst() {
        return maximize ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
    }

    public String describe() {
        return (maximize ? "max " : "min ") + metric.name().toLowerCase() + (bestEpoch ? " (best epoch)" : " (last epoch)");
    }
}
