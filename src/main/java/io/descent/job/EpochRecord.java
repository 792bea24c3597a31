package io.descent.job;

import io.descent.training.EpochMetrics;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One finished epoch of one job; exactly one row per (job, epoch). */
@Entity
@Table(name = "job_epoch")
@IdClass(EpochRecord.Key.class)
public class EpochRecord {

    @Id
    private UUID jobId;
    @Id
    private int epoch;
    private double trainLoss;
    private Double trainAccuracy;
    private Double validationLoss;
    private Double validationAccuracy;
    private double learningRate;
    private long durationMs;
    private double samplesPerSecond;
    private double weightNorm;
    private double updateRatio;
    private Instant recordedAt;

    protected EpochRecord() {}

    EpochRecord(UUID jobId, EpochMetrics m, Instant recordedAt) {
        this.jobId = jobId;
        this.epoch = m.epoch();
        this.trainLoss = m.trainLoss();
        this.trainAccuracy = m.trainAccuracy();
        this.validationLoss = m.validationLoss();
        this.validationAccuracy = m.validationAccuracy();
        this.learningRate = m.learningRate();
        this.durationMs = m.durationMs();
        this.samplesPerSecond = m.samplesPerSecond();
        this.weightNorm = m.weightNorm();
        this.updateRatio = m.updateRatio();
        this.recordedAt = recordedAt;
    }

    public EpochMetrics toMetrics() {
        return new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, durationMs, samplesPerSecond,
                weightNorm, updateRatio);
    }

    /** Composite primary key. */
    public record Key(UUID jobId, int epoch) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    public UUID getJobId() {
        return jobId;
    }

    public int getEpoch() {
        return epoch;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }
}
