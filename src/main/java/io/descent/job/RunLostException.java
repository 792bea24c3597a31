package io.descent.job;

/**
 * A worker's write was refused because its run is no longer the job's current attempt: another
 * node took the job over (this one stalled past the takeover timeout). The worker stops and
 * touches nothing else.
 */
public class RunLostException extends RuntimeException {

    public RunLostException(Run run) {
        super("attempt " + run.attempt() + " of job " + run.jobId() + " no longer owns the job");
    }
}
