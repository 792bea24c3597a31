package io.descent.job.spec;

/**
 * @param validation "test", "none" or a fraction in (0, 1) of the training split
 * @param normalize "none", "standard" or "minmax" feature scaling, fitted on the training split
 */
public record DatasetSelection(String id, Object validation, String normalize) {}
