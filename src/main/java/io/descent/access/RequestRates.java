package io.descent.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The {@code maxRequestsPerMinute} quota of the endpoints that cost the most per request
 * (predictions, evaluations, ensembles, dataset uploads): a token bucket per key on each node,
 * full at the start, refilled evenly over the minute. Over it: 429 with the seconds until the next
 * request would pass.
 */
@Component
class RequestRates implements HandlerInterceptor {

    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final String[] LIMITED = {"/api/v1/jobs/*/predictions", "/api/v1/jobs/*/evaluations", "/api/v1/ensembles/**",
        "/api/v1/datasets"};

    private final Quotas quotas;
    /** Buckets of keys not seen for ten minutes are full again anyway: forgetting them loses nothing. */
    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    RequestRates(Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod()) || !limited(request.getRequestURI())) {
            return true;
        }
        Caller caller = Callers.current();
        if (caller.key() == null) {
            return true;
        }
        long limit = quotas.of(caller).maxRequestsPerMinute();
        Bucket bucket = buckets.get(caller.key(), k -> new Bucket(limit, System.nanoTime()));
        long waitNanos = bucket.take(limit, System.nanoTime());
        if (waitNanos > 0) {
            throw new QuotaExceededException("maxRequestsPerMinute", limit, limit, "prediction, evaluation and upload requests a minute",
                    "Wait before the next one, or ask an admin for a higher limit.", Duration.ofNanos(waitNanos));
        }
        return true;
    }

    private static boolean limited(String path) {
        for (String pattern : LIMITED) {
            if (PATHS.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    /** Tokens as a fraction, so that a limit of a few a minute refills smoothly. */
    static final class Bucket {
        private double tokens;
        private long at;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.at = now;
        }

        /** Takes one token; when there is none, the nanoseconds until there will be (and takes nothing). */
        synchronized long take(long perMinute, long now) {
            double refill = (now - at) / 60e9 * perMinute;
            tokens = Math.min(perMinute, tokens + refill);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perMinute * 60e9);
        }
    }
}
