package io.descent.system;

import io.descent.job.JobConflictException;
import io.descent.job.JobNotFoundException;
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
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        List<Map<String, String>> errors = e.violations().stream()
                .map(v -> Map.of("pointer", v.pointer(), "detail", v.message())).toList();
        return problem(e.overLimit() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST, e.title(),
                errors.size() == 1 ? errors.get(0).get("detail") : errors.size() + " fields need fixing; see errors.", errors);
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request parameter", e.getMessage(),
                List.of(Map.of("parameter", e.parameter(), "detail", e.getMessage())));
    }

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

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Job not found", e.getMessage(), null);
    }

    @ExceptionHandler(io.descent.dataset.CsvRejectedException.class)
    ProblemDetail csvRejected(io.descent.dataset.CsvRejectedException e) {
        List<Map<String, Object>> errors = e.problems().stream().map(p -> {
            Map<String, Object> error = new java.util.LinkedHashMap<>();
            error.put("row", p.row());
            if (p.column() != null) {
                error.put("column", p.column());
            }
            error.put("detail", p.detail());
            return error;
        }).toList();
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Table rejected",
                errors.size() == 1 ? e.problems().get(0).detail() : errors.size() + " problems in the table; nothing was imported. See errors.",
                errors);
    }

    /** Multipart uploads over the limit are refused by Spring's own 413 handler (the base class). */
    @ExceptionHandler(io.descent.dataset.UploadTooLargeException.class)
    ProblemDetail uploadTooLarge(io.descent.dataset.UploadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Upload too large", e.getMessage(), null);
    }

    @ExceptionHandler(io.descent.dataset.DatasetNotFoundException.class)
    ProblemDetail datasetNotFound(io.descent.dataset.DatasetNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Dataset not found", e.getMessage(), null);
    }

    @ExceptionHandler(io.descent.dataset.DatasetUnavailableException.class)
    ProblemDetail datasetUnavailable(io.descent.dataset.DatasetUnavailableException e) {
        return problem(HttpStatus.CONFLICT, "Dataset unavailable", e.getMessage(), null);
    }

    @ExceptionHandler(io.descent.dataset.DatasetConflictException.class)
    ProblemDetail datasetConflict(io.descent.dataset.DatasetConflictException e) {
        return problem(HttpStatus.CONFLICT, "Dataset cannot be deleted", e.getMessage(), null);
    }

    @ExceptionHandler(io.descent.job.IdempotencyConflictException.class)
    ProblemDetail idempotencyConflict(io.descent.job.IdempotencyConflictException e) {
        return problem(HttpStatus.CONFLICT, "Idempotency-Key reused", e.getMessage(), null);
    }

    @ExceptionHandler(JobConflictException.class)
    ProblemDetail conflict(JobConflictException e) {
        return problem(HttpStatus.CONFLICT, "Job state does not allow this", e.getMessage(), null);
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
