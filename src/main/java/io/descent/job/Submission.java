package io.descent.job;

/**
 * The answer to a submission.
 *
 * @param replay true when an earlier submission with the same Idempotency-Key and body made the job
 */
public record Submission(JobSnapshot job, boolean replay) {}
