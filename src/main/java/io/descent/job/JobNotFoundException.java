package io.descent.job;

import java.util.UUID;

public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(UUID id) {
        super("No job with id " + id + "; list jobs with GET /api/v1/jobs.");
    }
}
