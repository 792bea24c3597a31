package io.descent.access;

import io.descent.system.ProblemException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A 429 naming the quota, its limit and the current use, with Retry-After where waiting helps. */
public class QuotaExceededException extends ProblemException {

    public QuotaExceededException(String quota, long limit, long used, String unit, String advice, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "Quota exceeded", "Quota \"" + quota + "\" of this API key is " + limit + " " + unit
                + "; " + used + " in use. " + advice);
        getBody().setProperty("quota", quota);
        getBody().setProperty("limit", limit);
        getBody().setProperty("used", used);
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            getBody().setProperty("retryAfterSeconds", seconds);
        }
    }
}
