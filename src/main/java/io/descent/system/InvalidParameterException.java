package io.descent.system;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A query or path parameter (or header) is out of range; a 400 naming it. */
public class InvalidParameterException extends ProblemException {

    public InvalidParameterException(String parameter, String message) {
        super(HttpStatus.BAD_REQUEST, "Invalid request parameter", message);
        errors(List.of(Map.of("parameter", parameter, "detail", message)));
    }
}
