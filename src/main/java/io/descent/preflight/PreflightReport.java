package io.descent.preflight;

/**
 * The two checks of a sane setup (training-reference.md, "What a practitioner watches") for one
 * job spec, and whether it passes both.
 *
 * @param pass true when no check failed ({@link Verdict#NOT_APPLICABLE} does not fail)
 * @param seed the seed the checks used (the spec's, or the one drawn for it): the same spec with
 *     this seed initialises the same network
 * @param durationMs wall-clock time of the whole preflight, waiting for the engine included
 */
public record PreflightReport(boolean pass, InitialLossCheck initialLoss, OverfitCheck overfitTinySubset, long seed, long durationMs) {

    static PreflightReport of(InitialLossCheck initialLoss, OverfitCheck overfit, long seed, long durationMs) {
        boolean pass = initialLoss.verdict() != Verdict.FAIL && overfit.verdict() != Verdict.FAIL;
        return new PreflightReport(pass, initialLoss, overfit, seed, durationMs);
    }

    /**
     * The loss of the freshly initialised network (dropout off) on the first {@code samples} rows of
     * the training split, against chance.
     *
     * @param expected the chance value per loss term; null when not applicable
     * @param chance how {@code expected} was computed, e.g. "ln 10"
     * @param tolerance the largest |measured − expected| that passes
     * @param measured null when the loss was not finite or was not measured
     * @param advice for a failed check, what to look at
     */
        public record InitialLossCheck(Verdict verdict, Double expected, String chance, Double tolerance, Double measured, Integer samples,
            String reason, String advice) {}

    /**
     * Full-batch training, regularization off, on the first {@code subsetSize} training rows until
     * they are fitted or {@code maxSteps} updates are spent.
     *
     * @param stepsTaken updates made before the subset was fitted (or all of them, when it was not)
     * @param startLoss the loss on the subset before the first update
     * @param finalLoss the loss on the subset after {@code stepsTaken} updates
     * @param finalAccuracy the training accuracy after {@code stepsTaken} updates; null for regression
     * @param targetLoss for regression, the loss the subset had to fall below; null for classification
     * @param advice for a failed check, what to look at
     */
        public record OverfitCheck(Verdict verdict, int subsetSize, int maxSteps, Integer stepsTaken, Double startLoss, Double finalLoss,
            Double finalAccuracy, Double targetLoss, String reason, String advice) {}
}
