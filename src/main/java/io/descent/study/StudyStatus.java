package io.descent.study;

/** RUNNING → SUCCEEDED | FAILED | CANCELLED. A study is RUNNING from its creation: its first trials are queued with it. */
public enum StudyStatus {
    RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this != RUNNING;
    }
}
