package io.descent.job.spec;

import io.descent.training.catalog.Violation;
import java.util.List;

/** A spec was rejected; carries every violation found, not just the first. */
public class InvalidSpecException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the job spec: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
