package io.descent.system;

import java.util.Optional;

/**
 * The one check for free text a client gives us to store and show again (job and dataset names,
 * label and column names, class labels, Idempotency-Key): a bounded length, something besides
 * whitespace, no control characters (NUL, line breaks, tabs, C1 controls: PostgreSQL refuses NUL,
 * and logs and tables break on the rest) and valid UTF-16 (no unpaired surrogate, which has no
 * UTF-8 form). Other Unicode, right-to-left marks included, is kept as sent.
 */
public final class UserText {

    private UserText() {}

    /**
     * @param field how the message names the value, e.g. {@code "name"}
     * @return a sentence saying what is wrong, or empty when {@code text} may be stored
     */
    public static Optional<String> problem(String field, String text, int maxLength) {
        String rule = "\"" + field + "\" must be 1 to " + maxLength + " characters, not only whitespace, without control characters";
        if (text.isBlank() || text.length() > maxLength) {
            return Optional.of(rule + "; got " + (text.isEmpty() ? "an empty string" : text.isBlank() ? "only whitespace" : text.length() + " characters") + ".");
        }
        return invalidCharacter(text).map(where -> rule + "; it has " + where + ".");
    }

    /** Like {@link #problem} without the length and blank rules, for values that may be empty (a CSV header cell). */
    public static Optional<String> invalidCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("the control character U+%04X at character %d", (int) c, i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("an unpaired surrogate U+%04X at character %d (not valid Unicode)", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }
}
