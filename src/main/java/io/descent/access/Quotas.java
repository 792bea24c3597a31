package io.descent.access;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The limits of one key: what it may keep queued or running, and how fast it may call the
 * endpoints that cost the most. The service itself and the loopback user have none.
 */
@Component
public class Quotas {

    /**
     * {@code descent.security.quotas.*}.
     *
     * @param maxActiveJobs jobs (not study trials) queued or running at once
     * @param maxRunningTrials study trials queued or running at once, over all the key's studies
     * @param maxDatasetBytes uploaded and generated datasets stored
     * @param maxRequestsPerMinute prediction, evaluation and upload requests
     */
    public record Defaults(@DefaultValue("20") int maxActiveJobs, @DefaultValue("8") int maxRunningTrials,
            @DefaultValue("2GB") DataSize maxDatasetBytes, @DefaultValue("600") int maxRequestsPerMinute) {}

    /** A key's own limits; null fields take the defaults. */
    public record Overrides(Integer maxActiveJobs, Integer maxRunningTrials, Long maxDatasetBytes, Integer maxRequestsPerMinute) {}

    /** Limits in force for one caller; {@code Long.MAX_VALUE}-like values for the unlimited. */
    public record Limits(long maxActiveJobs, long maxRunningTrials, long maxDatasetBytes, long maxRequestsPerMinute) {
        static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private final Defaults defaults;
    private final ApiKeyRepository keys;

    Quotas(AccessProperties properties, ApiKeyRepository keys) {
        this.defaults = properties.quotas();
        this.keys = keys;
    }

    /** The limits of a key's caller; none for the service itself and the loopback user. */
    public Limits of(Caller caller) {
        if (caller.key() == null) {
            return Limits.NONE;
        }
        Overrides o = keys.findById(caller.key()).map(ApiKey::overrides).orElse(new Overrides(null, null, null, null));
        return new Limits(o.maxActiveJobs() != null ? o.maxActiveJobs() : defaults.maxActiveJobs(),
                o.maxRunningTrials() != null ? o.maxRunningTrials() : defaults.maxRunningTrials(),
                o.maxDatasetBytes() != null ? o.maxDatasetBytes() : defaults.maxDatasetBytes().toBytes(),
                o.maxRequestsPerMinute() != null ? o.maxRequestsPerMinute() : defaults.maxRequestsPerMinute());
    }

    /**
     * @throws QuotaExceededException when {@code used + adding} would pass the limit
     */
    public static void check(String quota, long limit, long used, long adding, String unit, String advice) {
        if (used + adding > limit) {
            throw new QuotaExceededException(quota, limit, used, unit, advice, null);
        }
    }
}
