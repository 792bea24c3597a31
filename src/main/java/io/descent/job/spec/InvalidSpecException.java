package io.descent.job.spec;

import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violation;
import java.util.List;

/** A job spec was rejected; carries every violation found, not just the first. */
public class InvalidSpecException extends InvalidRequestException {

    public InvalidSpecException(List<Violation> violations) {
        super("Invalid job spec", violations);
    }
}
