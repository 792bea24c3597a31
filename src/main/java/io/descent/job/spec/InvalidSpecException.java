package io.descent.job.spec;

import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violation;
import java.util.List;

/** A job spec was rejected; carries every violation found, not just the first. */
public class InvalidSpecException extends InvalidRequestException {

    public InvalidSpecException(List<Violation> violations) {
        super("Invalid job spec", violations);
    }

    private InvalidSpecException(String title, List<Violation> violations, boolean overLimit) {
        super(title, violations, overLimit);
    }

    /** A valid spec that would need more memory than this node admits (a 422). */
    static InvalidSpecException tooLarge(Violation violation) {
        return new InvalidSpecException("Job too large", List.of(violation), true);
    }
}
