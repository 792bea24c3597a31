package io.descent.system;

import io.descent.training.catalog.Violation;
import java.util.List;

/**
 * A request body was rejected; carries every violation found, not just the first. A 400, or a
 * 422 when the request is well-formed but asks for more than this node admits ({@link #overLimit}).
 */
public class InvalidRequestException extends RuntimeException {

    private final String title;
    private final List<Violation> violations;
    private final boolean overLimit;

    public InvalidRequestException(String title, List<Violation> violations) {
        this(title, violations, false);
    }

    /** @param overLimit true when every field is valid but together they exceed a limit such as memory */
    public InvalidRequestException(String title, List<Violation> violations, boolean overLimit) {
        super(violations.size() + " problem(s): " + violations);
        this.title = title;
        this.violations = List.copyOf(violations);
        this.overLimit = overLimit;
    }

    public String title() {
        return title;
    }

    public List<Violation> violations() {
        return violations;
    }

    public boolean overLimit() {
        return overLimit;
    }
}
