package io.descent.access;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A key as stored: its hash, never the key. */
@Entity
@Table(name = "api_key")
class ApiKey {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private Role role;
    private String hash;
    private String prefix;
    private Instant createdAt;
    private Instant lastUsedAt;
    private Instant revokedAt;
    private Integer maxActiveJobs;
    private Integer maxRunningTrials;
    private Long maxDatasetBytes;
    private Integer maxRequestsPerMinute;

    protected ApiKey() {}

    ApiKey(UUID id, String name, Role role, String hash, String prefix, Instant createdAt, Quotas.Overrides quotas) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.hash = hash;
        this.prefix = prefix;
        this.createdAt = createdAt;
        if (quotas != null) {
            this.maxActiveJobs = quotas.maxActiveJobs();
            this.maxRunningTrials = quotas.maxRunningTrials();
            this.maxDatasetBytes = quotas.maxDatasetBytes();
            this.maxRequestsPerMinute = quotas.maxRequestsPerMinute();
        }
    }

    UUID getId() {
        return id;
    }

    String getName() {
        return name;
    }

    Role getRole() {
        return role;
    }

    String getPrefix() {
        return prefix;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getLastUsedAt() {
        return lastUsedAt;
    }

    Instant getRevokedAt() {
        return revokedAt;
    }

    Quotas.Overrides overrides() {
        return new Quotas.Overrides(maxActiveJobs, maxRunningTrials, maxDatasetBytes, maxRequestsPerMinute);
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    Caller caller() {
        return new Caller(id, name, role);
    }
}
