package io.descent.job;

/** An Idempotency-Key was reused with another request body. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String key) {
        super("Idempotency-Key \"" + key + "\" was already used with a different request body; use a new key for a new job.");
    }
}
