package io.descent.job;

import java.util.UUID;

/**
 * One run of a job: the attempt number its start took. A worker's writes name it, and the
 * database applies them only while it is still the job's current attempt (fencing).
 */
public record Run(UUID jobId, int attempt) {}
