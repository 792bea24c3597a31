package io.descent.preflight;

/**
 * How big a preflight is. {@link Preflight} checks the bounds ({@code descent.preflight.*}).
 *
 * @param subsetSize training rows the network must fit (the first ones of the training split)
 * @param maxSteps full-batch updates it may spend on them
 */
public record PreflightOptions(int subsetSize, int maxSteps) {

    public static final int DEFAULT_SUBSET_SIZE = 20;
    public static final int DEFAULT_MAX_STEPS = 200;

    public static final PreflightOptions DEFAULTS = new PreflightOptions(DEFAULT_SUBSET_SIZE, DEFAULT_MAX_STEPS);
}
