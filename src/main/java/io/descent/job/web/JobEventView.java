package io.descent.job.web;

import io.descent.job.JobEvent;
import io.descent.job.JobStatus;
import java.time.Instant;

/** One transition of a job: the state it entered, when, on which node, and why. */
record JobEventView(Instant at, JobStatus status, String node, String reason) {

    static JobEventView of(JobEvent e) {
        return new JobEventView(e.getAt(), e.getStatus(), e.getNode(), e.getReason());
    }
}
