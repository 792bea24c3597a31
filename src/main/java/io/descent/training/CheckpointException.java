package io.descent.training;

/** A checkpoint could not be written or read; the job cannot continue from it. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
