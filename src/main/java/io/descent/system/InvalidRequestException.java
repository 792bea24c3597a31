package io.descent.system;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request body was rejected; carries every problem found, not just the first. A 400, or a 422
 * when the request is well-formed but asks for more than this node admits (overLimit).
 */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(String title, List<BodyProblem> problems) {
        this(title, problems, false);
    }

    /** @param overLimit true when every field is valid but together they exceed a limit such as memory */
    public InvalidRequestException(String title, List<BodyProblem> problems, boolean overLimit) {
        super(overLimit ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST, title,
                problems.size() == 1 ? problems.get(0).detail() : problems.size() + " fields need fixing; see errors.");
        errors(problems.stream().map(p -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
    }
}
