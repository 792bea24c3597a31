package io.descent.dataset;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * The upload went past a configured limit; reading stopped there. A 413 (multipart uploads over
 * the servlet's own limit get Spring's 413 instead).
 */
public class UploadTooLargeException extends ProblemException {

    public UploadTooLargeException(String message) {
        super(HttpStatus.CONTENT_TOO_LARGE, "Upload too large", message);
    }
}
