package io.descent.job.worker;

import io.descent.job.CancellationSignals;
import io.descent.job.JobLifecycle;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Carries cancel requests made on other nodes to the job training here: the request is a flag in
 * the database, this poll turns it into the in-memory flag the batch loop reads.
 */
@Component
@ConditionalOnBooleanProperty(name = "descent.worker.enabled", matchIfMissing = true)
class CancellationPoller {

    private final CancellationSignals signals;
    private final JobLifecycle lifecycle;

    CancellationPoller(CancellationSignals signals, JobLifecycle lifecycle) {
        this.signals = signals;
        this.lifecycle = lifecycle;
    }

    @Scheduled(fixedDelayString = "${descent.worker.cancel-poll-interval:1s}")
    void poll() {
        for (UUID id : signals.runningHere()) {
            if (lifecycle.cancelRequested(id)) {
                signals.request(id, CancellationSignals.Reason.CANCELLED);
            }
        }
    }
}
