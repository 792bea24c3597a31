package io.descent.job.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this node trains jobs (false: API only)
 * @param pollInterval how often an idle worker looks for queued jobs in the database
 * @param heartbeatInterval how often a worker marks its running job alive; a job whose worker
 *     misses several heartbeats is picked up again
 * @param cancelPollInterval how often a worker checks the database for cancel requests made on other nodes
 * @param shutdownWait how long a stopping node waits for its running job to reach a batch boundary
 */
@ConfigurationProperties("descent.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("1s") Duration cancelPollInterval,
        @DefaultValue("30s") Duration shutdownWait) {}
