package io.descent.system;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place where failures become RFC 9457 {@code application/problem+json} responses. Bad
 * input is a 4xx naming the field (a JSON pointer in {@code errors[].pointer}, or the query or
 * path parameter in {@code errors[].parameter}) and what to do; stack traces never leave the server.
 * Our own failures, {@link InvalidRequestException} and every feature's, are {@link ProblemException}s
 * that carry their body; the base class answers them, as it does Spring's.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /**
     * A multipart body the container could not parse (no boundary, a truncated part). Oversized
     * uploads are the base class's 413 (MaxUploadSizeExceededException, a subclass, is more specific).
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail unreadableMultipart(MultipartException e) {
        String detail = "The multipart/form-data body could not be read; send the table as a part named \"file\" "
                + "(curl -F file=@table.csv), or send it as the body with Content-Type: text/csv.";
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body", detail, List.of(Map.of("pointer", "", "detail", detail)));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The server failed to handle the request; its log has the details.", null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        BodyProblem body = BodyProblem.of(e.getMostSpecificCause() instanceof JacksonException j ? j : null);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Unreadable request body", body.detail(),
                List.of(Map.of("pointer", body.pointer(), "detail", body.detail())));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "a valid value"
                : type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants())
                : type == java.util.UUID.class ? "a job id (UUID)" : "of type " + type.getSimpleName();
        String detail = "\"" + name + "\" must be " + expected + "; got \"" + e.getValue() + "\".";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", detail,
                List.of(Map.of("parameter", String.valueOf(name), "detail", detail))));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, List<? extends Map<String, ?>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
