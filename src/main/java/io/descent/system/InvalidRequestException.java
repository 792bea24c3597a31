package io.descent.system;

import io.descent.training.catalog.Violation;
import java.util.List;

/** A request body was rejected; carries every violation found, not just the first. */
public class InvalidRequestException extends RuntimeException {

    private final String title;
    private final List<Violation> violations;

    public InvalidRequestException(String title, List<Violation> violations) {
        super(violations.size() + " problem(s): " + violations);
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public String title() {
        return title;
    }

    public List<Violation> violations() {
        return violations;
    }
}
