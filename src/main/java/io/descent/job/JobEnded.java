package io.descent.job;

import java.util.UUID;

/**
 * A job reached a final state. Published inside the transaction that ended it; listen with
 * {@code @TransactionalEventListener} to act after it commits.
 *
 * @param failureType the job view's {@code errorType} when {@code status} is FAILED, else null
 */
public record JobEnded(UUID jobId, JobStatus status, String failureType) {}
