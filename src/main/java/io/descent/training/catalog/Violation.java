package io.descent.training.catalog;

/**
 * One thing wrong with a submitted spec.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending field, "" for the whole document
 * @param message a sentence that tells a person what to change
 */
public record Violation(String pointer, String message) {}
