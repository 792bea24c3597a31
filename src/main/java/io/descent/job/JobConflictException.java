package io.descent.job;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

/** The job's state does not allow the request (e.g. deleting a running job); a 409. */
public class JobConflictException extends ProblemException {

    public JobConflictException(String message) {
        super(HttpStatus.CONFLICT, "Job state does not allow this", message);
    }
}
