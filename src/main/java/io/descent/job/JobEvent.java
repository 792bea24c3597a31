package io.descent.job;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One line of a job's transition log: what happened, when, on which node, why. */
@Entity
@Table(name = "job_event")
public class JobEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private UUID jobId;
    private Instant at;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    private String node;
    private String reason;

    protected JobEvent() {}

    JobEvent(UUID jobId, Instant at, JobStatus status, String node, String reason) {
        this.jobId = jobId;
        this.at = at;
        this.status = status;
        this.node = node;
        this.reason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public JobStatus getStatus() {
        return status;
    }

    public String getNode() {
        return node;
    }

    public String getReason() {
        return reason;
    }
}
