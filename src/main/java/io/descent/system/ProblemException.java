package io.descent.system;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure that leaves as an RFC 9457 problem whose status, title and detail are fixed where it is
 * thrown, so that {@link ProblemHandler} answers every feature's exceptions without knowing them.
 * The message is the detail: logs and job records read what the client reads.
 */
public class ProblemException extends ErrorResponseException {

    protected ProblemException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    protected ProblemException(HttpStatus status, String title, String detail, Throwable cause) {
        super(status, problem(status, title, detail), cause);
    }

    /** Adds the {@code errors} array of the body: one entry per thing to fix. */
    protected final void errors(List<? extends Map<String, ?>> errors) {
        getBody().setProperty("errors", errors);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
