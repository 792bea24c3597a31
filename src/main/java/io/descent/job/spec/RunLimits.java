package io.descent.job.spec;

import java.time.Duration;

/**
 * How long and through how many node deaths a job may run.
 *
 * @param maxRestarts the job ends FAILED {@code crash_loop} when the nodes running it have died this many times
 * @param maxRuntime wall time from the job's first start after which it ends FAILED {@code timeout}; null: no limit
 */
public record RunLimits(int maxRestarts, Duration maxRuntime) {

    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final int MAX_MAX_RESTARTS = 100;
    public static final Duration MAX_MAX_RUNTIME = Duration.ofDays(30);
}
