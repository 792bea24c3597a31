package io.descent.dataset;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An uploaded or generated dataset; its samples live in a file at {@code dataPath}. */
@Entity
@Table(name = "dataset")
class DatasetRecord {

    @Id
    private String id;
    private String name;
    private String source;
    private String task;
    private String labelColumn;
    private String classNamesJson;
    private String featureNamesJson;
    private String statsJson;
    private int trainRows;
    private int testRows;
    private String contentHash;
    private String dataPath;
    private long sizeBytes;
    private Instant createdAt;

    /** The API key that stored it; null when stored without a key. */
    private java.util.UUID owner;

    protected DatasetRecord() {}

    DatasetRecord(String id, String name, String source, String task, String labelColumn, String classNamesJson, String featureNamesJson,
            String statsJson, int trainRows, int testRows, String contentHash, String dataPath, long sizeBytes, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.source = source;
        this.task = task;
        this.labelColumn = labelColumn;
        this.classNamesJson = classNamesJson;
        this.featureNamesJson = featureNamesJson;
        this.statsJson = statsJson;
        this.trainRows = trainRows;
        this.testRows = testRows;
        this.contentHash = contentHash;
        this.dataPath = dataPath;
        this.sizeBytes = sizeBytes;
        this.createdAt = createdAt;
    }

    String getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getSource() {
        return source;
    }

    String getTask() {
        return task;
    }

    String getLabelColumn() {
        return labelColumn;
    }

    String getClassNamesJson() {
        return classNamesJson;
    }

    String getFeatureNamesJson() {
        return featureNamesJson;
    }

    String getStatsJson() {
        return statsJson;
    }

    int getTrainRows() {
        return trainRows;
    }

    int getTestRows() {
        return testRows;
    }

    String getDataPath() {
        return dataPath;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    java.util.UUID getOwner() {
        return owner;
    }

    DatasetRecord ownedBy(java.util.UUID owner) {
        this.owner = owner;
        return this;
    }
}
