package io.descent.system;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request body was rejected; a 400 carrying every problem found, not just the first. */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(String title, List<BodyProblem> problems) {
        super(HttpStatus.BAD_REQUEST, title,
                problems.size() == 1 ? problems.get(0).detail() : problems.size() + " fields need fixing; see errors.");
        errors(problems.stream().map(p -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
    }
}
