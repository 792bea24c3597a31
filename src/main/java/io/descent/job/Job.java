package io.descent.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A submitted training job. Lives inside the job package; the web layer sees {@code JobView}. */
@Entity
@Table(name = "job")
public class Job {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    private String datasetId;
    @Column(name = "spec_json")
    private String specJson;
    private int totalEpochs;
    private int completedEpochs;
    private boolean cancelRequested;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private String errorType;
    private String errorMessage;
    private Integer errorEpoch;
    /** Why early stopping ended the run (JSON), null otherwise. */
    private String earlyStoppingJson;
    /** The epoch whose parameters the model holds once the job ended; null before. */
    private Integer weightsFromEpoch;
    /** With restoreBest, the best epoch so far (its checkpoint is kept); null otherwise. */
    private Integer bestEpoch;
    /** The node that runs or last ran the job. */
    private String node;
    /** The checkpoint epoch the current run continued from, null when it started from scratch. */
    private Integer resumedFromEpoch;
    private String idempotencyKey;
    /** {@link ModelInfo} as JSON, written when training starts. */
    private String modelInfoJson;
    private String requestHash;
    /** The API key that created the job (a trial: its study's); null when made without a key. */
    private UUID owner;
    /** Incremented by every state change (see JobRepository). */
    private long version;
    /** The current run's number: each start or resume takes the next one; workers write only under theirs. */
    private int attempt;
    /** The current run's last heartbeat. */
    private Instant heartbeatAt;
    /** Deaths of the nodes that ran the job, and their names (comma-separated, in order). */
    private int crashes;
    private String crashNodes;
    /** Consecutive transient (database or disk) failures retried so far. */
    private int retries;
    /** A checkpoint inside epoch partialEpoch + 1 after partialStep batches; null when none. */
    private String partialCheckpoint;
    private Integer partialEpoch;
    private Integer partialStep;
    /** The study this job is a trial of, its number there (from 1), its stage (from 0) and the parameters sampled for it. */
    private UUID studyId;
    private Integer trialNumber;
    private Integer trialStage;
    private String trialParamsJson;
    /** Why the study's pruner stopped the trial (status PRUNED). */
    private String stopReason;

    protected Job() {}

    Job(UUID id, String name, String datasetId, String specJson, int totalEpochs, Instant createdAt, String idempotencyKey,
            String requestHash) {
        this.id = id;
        this.name = name;
        this.status = JobStatus.QUEUED;
        this.datasetId = datasetId;
        this.specJson = specJson;
        this.totalEpochs = totalEpochs;
        this.createdAt = createdAt;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
    }

    public UUID getId() {
        return id;
    }

    public UUID getOwner() {
        return owner;
    }

    void ownedBy(UUID owner) {
        this.owner = owner;
    }

    public String getName() {
        return name;
    }

    public JobStatus getStatus() {
        return status;
    }

    public String getDatasetId() {
        return datasetId;
    }

    public String getSpecJson() {
        return specJson;
    }

    public int getTotalEpochs() {
        return totalEpochs;
    }

    public int getCompletedEpochs() {
        return completedEpochs;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public String getErrorType() {
        return errorType;
    }

    public String getErrorMessage() {
        return errorMessage;
    }

    public Integer getErrorEpoch() {
        return errorEpoch;
    }

    public String getEarlyStoppingJson() {
        return earlyStoppingJson;
    }

    public Integer getWeightsFromEpoch() {
        return weightsFromEpoch;
    }

    public String getNode() {
        return node;
    }

    public Integer getResumedFromEpoch() {
        return resumedFromEpoch;
    }

    public String getModelInfoJson() {
        return modelInfoJson;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public long getVersion() {
        return version;
    }

    public int getAttempt() {
        return attempt;
    }

    public Instant getHeartbeatAt() {
        return heartbeatAt;
    }

    public int getCrashes() {
        return crashes;
    }

    public String getCrashNodes() {
        return crashNodes;
    }

    public int getRetries() {
        return retries;
    }

    public String getPartialCheckpoint() {
        return partialCheckpoint;
    }

    public Integer getPartialEpoch() {
        return partialEpoch;
    }

    public Integer getPartialStep() {
        return partialStep;
    }

    public UUID getStudyId() {
        return studyId;
    }

    public Integer getTrialNumber() {
        return trialNumber;
    }

    public Integer getTrialStage() {
        return trialStage;
    }

    public String getTrialParamsJson() {
        return trialParamsJson;
    }

    public String getStopReason() {
        return stopReason;
    }

    /** Makes this new job a study's trial. */
    void asTrial(UUID studyId, int number, int stage, String paramsJson) {
        this.studyId = studyId;
        this.trialNumber = number;
        this.trialStage = stage;
        this.trialParamsJson = paramsJson;
    }

    /** A study's trial whose sampled spec failed validation: stored FAILED, never queued. */
    void failedAtSubmission(String type, String message, Instant now) {
        this.status = JobStatus.FAILED;
        this.errorType = type;
        this.errorMessage = message.length() > 2000 ? message.substring(0, 2000) : message;
        this.finishedAt = now;
    }
}
