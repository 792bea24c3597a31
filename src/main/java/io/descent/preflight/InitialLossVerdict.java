package io.descent.preflight;

import io.descent.preflight.PreflightReport.InitialLossCheck;
import io.descent.training.TrainingSpec;
import java.util.Locale;
import java.util.Optional;

/** Judges a measured initial loss against chance ({@link Chance}), with what to look at when it fails. */
final class InitialLossVerdict {

    private InitialLossVerdict() {}

    /** @param measured the mean loss per term at initialisation; null when it was not finite */
    static InitialLossCheck judge(TrainingSpec spec, int classes, Double measured, int samples) {
        String lossType = spec.loss().definition().type();
        double margin = spec.loss().params().has("margin") ? spec.loss().params().number("margin") : 1.0;
        Optional<Chance> chance = Chance.of(lossType, classes, margin);
        if (chance.isEmpty()) {
            return new InitialLossCheck(Verdict.NOT_APPLICABLE, null, null, null, measured, samples, Chance.notApplicable(lossType, classes), null);
        }
        Chance c = chance.get();
        if (measured == null) {
            return new InitialLossCheck(Verdict.FAIL, c.expected(), c.formula(), c.tolerance(), null, samples,
                    "The loss at initialisation is not finite.",
                    "The initial outputs overflow: use a smaller initialisation scale (model.init, e.g. \"default\" or a smaller std) "
                            + "or scale the inputs (dataset.normalize: \"standard\").");
        }
        if (c.matches(measured)) {
            return new InitialLossCheck(Verdict.PASS, c.expected(), c.formula(), c.tolerance(), measured, samples,
                    "Within ±" + percent(Chance.RELATIVE_TOLERANCE) + " of chance.", null);
        }
        boolean above = measured > c.expected();
        String reason = String.format(Locale.ROOT, "%.4g is %.1f× chance (%s = %.4g), outside ±%s.", measured, measured / c.expected(),
                c.formula(), c.expected(), percent(Chance.RELATIVE_TOLERANCE));
        String advice = above
                ? "The fresh network is confidently wrong: its outputs are too large. Look at the initialisation scale (model.init: "
                        + "\"default\", or a smaller std or gain), at the inputs' scale (dataset.normalize: \"standard\"), and at the "
                        + "output activation the loss expects (cross_entropy takes raw logits; nll and bce apply log-softmax and sigmoid themselves)."
                : "The loss is far below chance before any training: check that the labels do not leak into the features and that the "
                        + "first training rows are not all one class.";
        return new InitialLossCheck(Verdict.FAIL, c.expected(), c.formula(), c.tolerance(), measured, samples, reason, advice);
    }

    static InitialLossCheck timedOut(int samples) {
        return new InitialLossCheck(Verdict.FAIL, null, null, null, null, samples,
                "Timed out before the initial loss was measured (descent.preflight.timeout).",
                "The node is busy (a job may hold the engine); try again later or on another node.");
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }
}
