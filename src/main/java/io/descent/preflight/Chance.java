package io.descent.preflight;

import java.util.Optional;

/**
 * The loss a network with no information reaches, per loss term, for the losses that have one:
 * what a freshly initialised network with small output values should measure (training-reference.md:
 * "the initial loss matches chance"). A value near zero output gives uniform class probabilities,
 * hence ln C for softmax losses, and a probability of ½ per output for the sigmoid ones.
 *
 * @param expected the loss per term at chance
 * @param formula how it was computed, for people ("ln 10")
 */
record Chance(double expected, String formula) {

    /**
     * How far the initial loss may be from chance, relative to it: |loss − chance| ≤ ½·chance.
     * For softmax cross-entropy, logits of standard deviation σ give about ln C + σ²/2 (C large),
     * so with C = 10 the bound lets the logits spread up to σ ≈ 1.6 before it fails. PyTorch's
     * default init on the canonical Fashion-MNIST MLP measures 2.2996 (ln 10 − 0.003, seed 42, the
     * shipped subset's first 256 rows), an init of std 1 measures ~2,500. A loss far below
     * chance before any training is as suspicious (the labels leak into the features, or one class
     * dominates the sample).
     */
    static final double RELATIVE_TOLERANCE = 0.5;

    /**
     * @param classes classes of the dataset, 0 for a real-valued target
     * @param margin the hinge loss's margin (ignored by the other losses)
     * @return empty when the loss has no chance value (regression, or an element-wise distance on one-hot labels)
     */
    static Optional<Chance> of(String lossType, int classes, double margin) {
        if (classes < 2) {
            return Optional.empty();
        }
        return switch (lossType) {
            // Label smoothing moves target weight to the uniform distribution; at uniform predictions the loss stays ln C.
            case "cross_entropy", "nll" -> Optional.of(new Chance(Math.log(classes), "ln " + classes));
            case "bce", "bce_with_logits", "soft_margin", "multilabel_soft_margin" -> Optional.of(new Chance(Math.log(2), "ln 2 (p = ½ per output)"));
            // Σ_{i≠y} max(0, margin − 0 + 0) / C at an all-zero output
            case "hinge" -> Optional.of(new Chance(margin * (classes - 1) / classes, "margin·(C−1)/C with C = " + classes));
            default -> Optional.empty();
        };
    }

    double tolerance() {
        return RELATIVE_TOLERANCE * expected;
    }

    boolean matches(double measured) {
        return Double.isFinite(measured) && Math.abs(measured - expected) <= tolerance();
    }

    /** Why a loss on class labels has no chance value, or why a regression has none. */
    static String notApplicable(String lossType, int classes) {
        if (classes == 0) {
            return "Loss \"" + lossType + "\" on a real-valued target has no chance level: its value at initialisation depends on the "
                    + "targets' scale, not on a number of classes.";
        }
        return "Loss \"" + lossType + "\" compares outputs with one-hot labels element by element; its value at initialisation depends "
                + "on the output scale, so there is no chance level to compare with.";
    }
}
