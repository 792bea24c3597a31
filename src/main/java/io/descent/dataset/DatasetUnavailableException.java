package io.descent.dataset;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

/** A dataset a job names cannot be loaded on this node; a 409 when a request needs it. */
public class DatasetUnavailableException extends ProblemException {

    public DatasetUnavailableException(String message, Throwable cause) {
        super(HttpStatus.CONFLICT, "Dataset unavailable", message, cause);
    }
}
