package io.descent.model.web;

import io.descent.system.BodyProblem;
import io.descent.system.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Ensemble members that exist as requested but cannot be used (unknown jobs: 404, epochs not kept: 409), each by its pointer. */
class MemberProblemException extends ProblemException {

    MemberProblemException(HttpStatus status, String title, List<BodyProblem> problems) {
        super(status, title, problems.size() == 1 ? problems.get(0).detail() : problems.size() + " members need fixing; see errors.");
        errors(problems.stream().map(p -> Map.of("pointer", p.pointer(), "detail", p.detail())).toList());
    }
}
