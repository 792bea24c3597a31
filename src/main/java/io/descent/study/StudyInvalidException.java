package io.descent.study;

import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violation;
import java.util.List;

/** A study request with problems: 400, or 422 when its base is a valid job too large for this node. */
public class StudyInvalidException extends InvalidRequestException {

    public StudyInvalidException(List<Violation> violations, boolean overLimit) {
        super(overLimit ? "Study too large" : "Invalid study", violations.stream().map(v -> new BodyProblem(v.pointer(), v.message())).toList(),
                overLimit);
    }
}
