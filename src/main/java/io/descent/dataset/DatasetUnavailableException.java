package io.descent.dataset;

/** A dataset a job names cannot be loaded on this node. */
public class DatasetUnavailableException extends RuntimeException {

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
