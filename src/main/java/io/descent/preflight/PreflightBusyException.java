package io.descent.preflight;

import io.descent.system.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * This node already runs as many preflights as it allows: a 503 with Retry-After. Not a 429: the
 * limit is the node's capacity, whoever asks, not a quota of the client's.
 */
public class PreflightBusyException extends ProblemException {

    PreflightBusyException(int running, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "Preflight capacity reached", "This node is already running " + running
                + " preflight(s), its limit (descent.preflight.max-concurrent); retry after " + retryAfter.toSeconds() + " s.");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
}
