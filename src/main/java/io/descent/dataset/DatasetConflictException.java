package io.descent.dataset;

public class DatasetConflictException extends RuntimeException {

    public DatasetConflictException(String message) {
        super(message);
    }
}
