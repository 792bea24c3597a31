package io.descent.preflight;

/** The outcome of one preflight check. */
public enum Verdict {
    PASS,
    FAIL,
    /** The check has no meaning for this spec (e.g. no chance level for a regression loss); it does not fail the preflight. */
    NOT_APPLICABLE
}
