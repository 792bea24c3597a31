package io.descent.job.worker;

import io.descent.job.ActiveRuns;
import io.descent.job.ActiveRuns.ActiveRun;
import io.descent.job.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Heartbeats each run training here on its job row (fenced by the run's attempt) and carries cancel
 * requests made on other nodes to it. A refused heartbeat means another node took the job over:
 * the run stops at its next batch. A heartbeat that fails (the database is away) is simply missed;
 * the run stops by itself once it has missed them for the takeover timeout.
 */
@Component
@ConditionalOnBooleanProperty(name = "descent.worker.enabled", matchIfMissing = true)
class RunWatch {

    private static final Logger log = LoggerFactory.getLogger(RunWatch.class);

    private final ActiveRuns runs;
    private final JobLifecycle lifecycle;

    RunWatch(ActiveRuns runs, JobLifecycle lifecycle) {
        this.runs = runs;
        this.lifecycle = lifecycle;
    }

    @Scheduled(fixedDelayString = "${descent.worker.cancel-poll-interval:1s}")
    void beat() {
        for (ActiveRun run : runs.runningHere()) {
            try {
                switch (lifecycle.heartbeat(run.run())) {
                    case OWNED -> run.heartbeatSucceeded();
                    case CANCEL_REQUESTED -> {
                        run.heartbeatSucceeded();
                        run.stop(ActiveRuns.Reason.CANCELLED);
                    }
                    case LOST -> run.stop(ActiveRuns.Reason.LOST);
                }
            } catch (RuntimeException e) {
                log.warn("Job {}: heartbeat failed ({}); {} s since the last one", run.run().jobId(), e.toString(),
                        run.sinceHeartbeat().toSeconds());
            }
        }
    }
}
