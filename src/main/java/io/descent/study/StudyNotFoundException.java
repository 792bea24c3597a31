package io.descent.study;

import io.descent.system.ProblemException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

public class StudyNotFoundException extends ProblemException {

    public StudyNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "Study not found", "There is no study " + id + "; GET /api/v1/studies lists them.");
    }
}
