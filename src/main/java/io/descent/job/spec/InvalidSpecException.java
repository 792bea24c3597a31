package io.descent.job.spec;

import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violation;
import java.util.List;

/** A job spec was rejected; carries every violation found, not just the first. */
public class InvalidSpecException extends InvalidRequestException {

    private final List<Violation> violations;

    public InvalidSpecException(List<Violation> violations) {
        this("Invalid job spec", violations, false);
    }

    public List<Violation> violations() {
        return violations;
    }

    private InvalidSpecException(String title, List<Violation> violations, boolean overLimit) {
        super(title, violations.stream().map(v -> new BodyProblem(v.pointer(), v.message())).toList(), overLimit);
        this.violations = List.copyOf(violations);
    }

    /** A valid spec that would need more memory than this node admits (a 422). */
    static InvalidSpecException tooLarge(Violation violation) {
        return new InvalidSpecException("Job too large", List.of(violation), true);
    }
}
