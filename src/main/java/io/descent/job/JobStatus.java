package io.descent.job;

/**
 * Lifecycle: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED | PRUNED; a queued job may be
 * cancelled at once. PRUNED: a study's pruner stopped the trial early because it was not among the
 * promising ones; its epochs and model are kept.
 */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, PRUNED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == PRUNED;
    }
}
