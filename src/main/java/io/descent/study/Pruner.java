package io.descent.study;

import java.util.List;
import java.util.Optional;

/**
 * Decides after an epoch whether a trial is worth its remaining epochs, against the trials of the
 * same stage that reached that epoch before it.
 */
public sealed interface Pruner {

    /**
     * @param epoch the epoch the trial just finished (from 1)
     * @param value the trial's objective after it
     * @param peers the objective after the same epoch of every other trial of the stage that reached it
     * @return why to stop, or empty
     */
    Optional<String> decide(int epoch, double value, List<Double> peers, Objective objective);

    /** Never stops a trial. */
    record None() implements Pruner {
        @Override
        public Optional<String> decide(int epoch, double value, List<Double> peers, Objective objective) {
            return Optional.empty();
        }
    }

    /**
     * Optuna's median rule: after the warm-up, a trial worse than the median of the others at the same
     * epoch stops, once at least {@code minTrials} others have reached it.
     */
    record Median(int warmupEpochs, int minTrials) implements Pruner {
        @Override
        public Optional<String> decide(int epoch, double value, List<Double> peers, Objective objective) {
            if (epoch <= warmupEpochs || peers.size() < minTrials) {
                return Optional.empty();
            }
            double median = median(peers);
            if (!objective.better(median, value)) {
                return Optional.empty();
            }
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "objective %.6g after epoch %d is worse than the median %.6g of the %d other trials that reached it (median pruner)",
                    value, epoch, median, peers.size()));
        }

        static double median(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /**
     * Asynchronous successive halving (Li et al. 2020; Determined's default searcher): rungs at
     * {@code minEpochs} × η^k epochs. A trial reaching a rung goes on only if it ranks within the
     * top ⌈n/η⌉ of the n trials recorded at that rung so far, itself included (ties go its way):
     * the first trials to arrive pass, later ones must beat the field. Decisions are never revised,
     * which is what makes it asynchronous: no trial waits for a rung to fill.
     */
    record Asha(int minEpochs, int reductionFactor) implements Pruner {
        /** Whether {@code epoch} is a rung. */
        public boolean isRung(int epoch) {
            long rung = minEpochs;
            while (rung < epoch) {
                rung *= reductionFactor;
            }
            return rung == epoch;
        }

        @Override
        public Optional<String> decide(int epoch, double value, List<Double> peers, Objective objective) {
            if (!isRung(epoch)) {
                return Optional.empty();
            }
            int n = peers.size() + 1;
            int keep = (n + reductionFactor - 1) / reductionFactor;
            long ahead = peers.stream().filter(p -> objective.better(p, value)).count();
            if (ahead < keep) {
                return Optional.empty();
            }
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "objective %.6g at rung epoch %d ranks %d of %d; only the top %d (1/%d) go on (ASHA)",
                    value, epoch, ahead + 1, n, keep, reductionFactor));
        }
    }
}
