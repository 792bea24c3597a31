package io.descent.job.worker;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.validation.annotation.Validated;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this node trains jobs (false: API only)
 * @param pollInterval how often an idle worker looks for queued jobs in the database
 * @param heartbeatInterval how often a worker marks its running job alive
 * @param missedHeartbeats after this many missed heartbeats a job counts as orphaned (its node
 *     died) and another worker resumes it: with the defaults within 6 × 5 s plus a poll, under 60 s
 * @param cancelPollInterval how often a worker checks the database for cancel requests made on other nodes
 * @param shutdownWait how long a stopping node waits for its running job to reach a batch boundary
 */
@ConfigurationProperties("descent.worker")
@Validated
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        // db-scheduler refuses fewer than 4
        @DefaultValue("6") @Min(4) int missedHeartbeats,
        @DefaultValue("1s") Duration cancelPollInterval,
        @DefaultValue("30s") Duration shutdownWait) {}
