package io.descent.study;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

public class StudyConflictException extends ProblemException {

    public StudyConflictException(String detail) {
        super(HttpStatus.CONFLICT, "Study conflict", detail);
    }
}
