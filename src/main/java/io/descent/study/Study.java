package io.descent.study;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A study's durable progress. Its trials are job rows that name it; everything else a study knows
 * (counts, best trial, warnings) is computed from them, so nothing here can disagree with the jobs.
 * Changed only by {@link StudyConductor} and {@link StudyService} while holding the row's lock.
 */
@Entity
@Table(name = "study")
class Study {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private StudyStatus status;
    @Column(name = "spec_json")
    private String specJson;
    /** The stage trials are being created for (from 0); the repeat stage is one past the last declared. */
    private int stage;
    /** The ranges of each stage started so far, as a JSON list of {pointer: distribution}. */
    private String stagesJson;
    private String preflightJson;
    private String errorMessage;
    private Instant createdAt;
    private Instant finishedAt;
    /** The API key that created the study (and so owns its trials); null when made without a key. */
    private UUID owner;
    @Version
    private long version;

    protected Study() {}

    Study(UUID id, String name, String specJson, String stagesJson, String preflightJson, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.status = StudyStatus.RUNNING;
        this.specJson = specJson;
        this.stagesJson = stagesJson;
        this.preflightJson = preflightJson;
        this.createdAt = createdAt;
    }

    UUID getId() {
        return id;
    }

    UUID getOwner() {
        return owner;
    }

    void ownedBy(UUID owner) {
        this.owner = owner;
    }

    String getName() {
        return name;
    }

    StudyStatus getStatus() {
        return status;
    }

    String getSpecJson() {
        return specJson;
    }

    int getStage() {
        return stage;
    }

    String getStagesJson() {
        return stagesJson;
    }

    String getPreflightJson() {
        return preflightJson;
    }

    String getErrorMessage() {
        return errorMessage;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getFinishedAt() {
        return finishedAt;
    }

    long getVersion() {
        return version;
    }

    void nextStage(String stagesJson) {
        this.stage++;
        this.stagesJson = stagesJson;
    }

    void finish(StudyStatus outcome, String message, Instant now) {
        this.status = outcome;
        this.errorMessage = message;
        this.finishedAt = now;
    }
}
