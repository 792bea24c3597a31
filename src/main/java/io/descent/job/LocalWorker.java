package io.descent.job;

/** This node's worker, when it has one: told when a job was queued so it need not wait for its next poll. */
public interface LocalWorker {

    void wake();
}
