package io.descent.job;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

/** An Idempotency-Key was reused with another request body; a 409. */
public class IdempotencyConflictException extends ProblemException {

    public IdempotencyConflictException(String key) {
        super(HttpStatus.CONFLICT, "Idempotency-Key reused",
                "Idempotency-Key \"" + key + "\" was already used with a different request body; use a new key for a new job.");
    }
}
