package io.descent.dataset;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

/** The dataset cannot be deleted (built in, or used by a job); a 409. */
public class DatasetConflictException extends ProblemException {

    public DatasetConflictException(String message) {
        super(HttpStatus.CONFLICT, "Dataset cannot be deleted", message);
    }
}
