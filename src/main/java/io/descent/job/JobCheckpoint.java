package io.descent.job;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A checkpoint file written after an epoch; it counts only once this row is committed. */
@Entity
@Table(name = "job_checkpoint")
@IdClass(JobCheckpoint.Key.class)
public class JobCheckpoint {

    @Id
    private UUID jobId;
    @Id
    private int epoch;
    private String path;
    private long sizeBytes;
    private Instant createdAt;
    /** The run that wrote it. */
    private int attempt;

    protected JobCheckpoint() {}

    JobCheckpoint(UUID jobId, int epoch, int attempt, String path, long sizeBytes, Instant createdAt) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.attempt = attempt;
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
    }

    public int getEpoch() {
        return epoch;
    }

    public int getAttempt() {
        return attempt;
    }

    public String getPath() {
        return path;
    }

    /** Composite primary key. */
    public record Key(UUID jobId, int epoch) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
