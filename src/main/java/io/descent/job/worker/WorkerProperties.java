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
 *     died) and another worker resumes it: with the defaults within 6 × 5 s plus a poll, under 60 s.
 *     A run that could not heartbeat for that long stops training by itself.
 * @param cancelPollInterval how often a worker heartbeats its run on the job row and checks for
 *     cancel requests made on other nodes
 * @param shutdownWait how long a stopping node waits for its running job to reach a batch boundary
 *     and be requeued; keep it below the container's stop grace period (docker-compose.yml: 45 s)
 * @param maxRetries consecutive transient faults (database or disk) retried from the checkpoint
 *     before the job fails
 * @param retryBackoff the wait before the first retry; doubled for each further one
 * @param maxRetryBackoff the longest wait between retries
 * @param databasePatience how long a worker keeps trying to record a requeue while the database
 *     does not answer
 * @param progressInterval how often a training job reports its progress inside an epoch (batch,
 *     running loss, samples/s) to the streams of this node
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
        @DefaultValue("30s") Duration shutdownWait,
        @DefaultValue("5") @Min(0) int maxRetries,
        @DefaultValue("5s") Duration retryBackoff,
        @DefaultValue("5m") Duration maxRetryBackoff,
        @DefaultValue("2m") Duration databasePatience,
        @DefaultValue("2s") Duration progressInterval) {

    /** After this long without a heartbeat another node may take a job over. */
    public Duration takeoverTimeout() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }

    /** The wait before retry number {@code retry} (1-based). */
    Duration backoff(int retry) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(20, Math.max(0, retry - 1)));
        return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
    }
}
