package io.descent.job;

import java.util.UUID;

/**
 * A job reached a final state. Published inside the transaction that ended it; listen with
 * {@code @TransactionalEventListener} to act after it commits.
 */
public record JobEnded(UUID jobId, JobStatus status) {}
