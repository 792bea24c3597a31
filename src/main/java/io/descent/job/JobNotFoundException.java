package io.descent.job;

import io.descent.system.ProblemException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

public class JobNotFoundException extends ProblemException {

    public JobNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "Job not found", "No job with id " + id + "; list jobs with GET /api/v1/jobs.");
    }
}
