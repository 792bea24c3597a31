package io.descent.job.spec;

import io.descent.training.catalog.Violations;
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

    /** The spec's limits with defaults filled in; each bad value is added to {@code violations}. */
    static RunLimits resolve(Integer maxRestarts, String maxRuntime, Violations violations) {
        int restarts = maxRestarts == null ? DEFAULT_MAX_RESTARTS : maxRestarts;
        if (restarts < 1 || restarts > MAX_MAX_RESTARTS) {
            violations.add("/maxRestarts", "\"maxRestarts\" is how many node deaths end the job (crash_loop) and must be from 1 to "
                    + MAX_MAX_RESTARTS + "; got " + restarts + ".");
        }
        Duration runtime = null;
        if (maxRuntime != null) {
            try {
                runtime = Duration.parse(maxRuntime);
            } catch (java.time.format.DateTimeParseException e) {
                runtime = null;
            }
            if (runtime == null || runtime.compareTo(Duration.ofSeconds(1)) < 0 || runtime.compareTo(MAX_MAX_RUNTIME) > 0) {
                violations.add("/maxRuntime", "\"maxRuntime\" must be an ISO-8601 duration from PT1S to P30D, e.g. \"PT2H\" or \"PT90M\"; got \""
                        + shorten(maxRuntime) + "\".");
                runtime = null;
            }
        }
        return new RunLimits(restarts, runtime);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
