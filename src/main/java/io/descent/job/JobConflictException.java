package io.descent.job;

/** The job's state does not allow the request (e.g. deleting a running job). */
public class JobConflictException extends RuntimeException {

    public JobConflictException(String message) {
        super(message);
    }
}
