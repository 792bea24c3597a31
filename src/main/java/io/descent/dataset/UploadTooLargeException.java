package io.descent.dataset;

/** The upload went past a configured limit; reading stopped there. */
public class UploadTooLargeException extends RuntimeException {

    public UploadTooLargeException(String message) {
        super(message);
    }
}
