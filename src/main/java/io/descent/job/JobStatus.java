package io.descent.job;

/** Lifecycle: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED; a queued job may be cancelled at once. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
