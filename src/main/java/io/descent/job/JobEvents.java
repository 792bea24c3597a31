package io.descent.job;

import io.descent.system.NodeIdentity;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends to and reads a job's transition log; records join the caller's transaction. */
@Component
public class JobEvents {

    private final JobEventRepository events;
    private final NodeIdentity node;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    JobEvents(JobEventRepository events, NodeIdentity node, Clock clock, ApplicationEventPublisher publisher) {
        this.events = events;
        this.node = node;
        this.clock = clock;
        this.publisher = publisher;
    }

    /**
     * Every transition passes here, so this is where a job's end is announced ({@link JobEnded},
     * to listeners after the transaction commits): a study learns that its trial finished.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(UUID jobId, JobStatus status, String reason) {
        record(jobId, status, reason, null);
    }

    /** A transition to FAILED, with the job's {@code errorType}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void recordFailure(UUID jobId, String type, String reason) {
        record(jobId, JobStatus.FAILED, reason, type);
    }

    private void record(UUID jobId, JobStatus status, String reason, String failureType) {
        events.save(new JobEvent(jobId, clock.instant(), status, node.name(), reason));
        if (status.finished()) {
            publisher.publishEvent(new JobEnded(jobId, status, failureType));
        }
    }

    @Transactional(readOnly = true)
    List<JobEvent> after(UUID jobId, long id) {
        return events.findByJobIdAndIdGreaterThanOrderById(jobId, id);
    }

    @Transactional(readOnly = true)
    public List<JobEvent> of(UUID jobId) {
        return events.findByJobIdOrderById(jobId);
    }
}
