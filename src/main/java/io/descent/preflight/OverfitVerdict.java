package io.descent.preflight;

import io.descent.preflight.PreflightReport.OverfitCheck;
import java.util.Locale;

/** Judges how a tiny subset was fitted, with what to look at when it was not. */
final class OverfitVerdict {

    /** A loss that fell by less than this fraction of its start "barely moved". */
    static final double BARELY_MOVED = 0.1;

    private OverfitVerdict() {}

    /**
     * What the fitting run measured.
     *
     * @param stepsTaken updates before the last measurement; null when nothing was measured
     * @param fitted whether the subset reached 100 % accuracy (classification) or its target loss (regression)
     * @param divergedAfter updates after which the loss stopped being finite; null when it did not
     */
    record Outcome(int subsetSize, int maxSteps, Integer stepsTaken, Double startLoss, Double finalLoss, Double finalAccuracy,
            boolean fitted, Integer divergedAfter, boolean timedOut) {}

    static OverfitCheck judge(Outcome o, boolean classification, double learningRate) {
        Double target = classification || o.startLoss() == null ? null : PreflightChecks.REGRESSION_FIT_FRACTION * o.startLoss();
        String goal = classification ? "100 % training accuracy"
                : "a loss below " + InitialLossVerdict.percent(PreflightChecks.REGRESSION_FIT_FRACTION) + " of its start";
        if (o.fitted()) {
            return check(o, target, Verdict.PASS, String.format(Locale.ROOT, "Reached %s on %d samples after %d full-batch steps.",
                    goal, o.subsetSize(), o.stepsTaken()), null);
        }
        if (o.divergedAfter() != null) {
            return new OverfitCheck(Verdict.FAIL, o.subsetSize(), o.maxSteps(), o.divergedAfter(), o.startLoss(), null, null, target,
                    "The loss stopped being finite after " + o.divergedAfter() + " steps.",
                    "The learning rate (" + learningRate + ") is probably too high for this network; lower it tenfold.");
        }
        if (o.timedOut()) {
            return check(o, target, Verdict.FAIL, "Timed out (descent.preflight.timeout) after " + (o.stepsTaken() == null ? 0 : o.stepsTaken())
                    + " steps, before reaching " + goal + ".", "The node is busy (a job may hold the engine); try again later, or with fewer samples or steps.");
        }
        String reached = classification ? String.format(Locale.ROOT, "reached %.0f %% accuracy", 100 * o.finalAccuracy())
                : String.format(Locale.ROOT, "brought the loss from %.4g to %.4g", o.startLoss(), o.finalLoss());
        String reason = String.format(Locale.ROOT, "Could not reach %s on %d samples in %d full-batch steps: %s.", goal, o.subsetSize(),
                o.maxSteps(), reached);
        return check(o, target, Verdict.FAIL, reason, advice(o, learningRate));
    }

    /** A network that cannot memorise a handful of samples has a bug or a learning rate far off; the loss's course says which. */
    static String advice(Outcome o, double learningRate) {
        if (o.finalLoss() > o.startLoss()) {
            return "The loss rose (from " + format(o.startLoss()) + " to " + format(o.finalLoss()) + "): the learning rate (" + learningRate
                    + ") is probably too high; lower it tenfold.";
        }
        if (o.startLoss() - o.finalLoss() < BARELY_MOVED * o.startLoss()) {
            return "The loss barely moved (from " + format(o.startLoss()) + " to " + format(o.finalLoss()) + "): the learning rate ("
                    + learningRate + ") is probably far too low, or no gradient reaches the weights (saturated or dead units: look at "
                    + "the initialisation and the activations).";
        }
        return "The loss fell (from " + format(o.startLoss()) + " to " + format(o.finalLoss()) + ") but not far enough: raise the learning "
                + "rate or the steps, give the network more units, or check the data and labels (identical rows with different labels "
                + "cannot be fitted).";
    }

    private static OverfitCheck check(Outcome o, Double target, Verdict verdict, String reason, String advice) {
        return new OverfitCheck(verdict, o.subsetSize(), o.maxSteps(), o.stepsTaken(), o.startLoss(), o.finalLoss(), o.finalAccuracy(),
                target, reason, advice);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
