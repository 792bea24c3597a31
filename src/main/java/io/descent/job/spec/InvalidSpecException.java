package io.descent.job.spec;

import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violation;
import java.util.List;

/** A job spec was rejected; carries every violation found, not just the first. */
public class InvalidSpecException extends InvalidRequestException {

    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        super("Invalid job spec", violations.stream().map(v -> new BodyProblem(v.pointer(), v.message())).toList());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
