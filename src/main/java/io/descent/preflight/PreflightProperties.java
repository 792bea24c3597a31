package io.descent.preflight;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxConcurrent preflights this node runs at once; more are refused with 503 and
 *     Retry-After. They take turns on the engine anyway (one autograd recording per process), so
 *     this bounds the memory of their subsets and the threads waiting for it.
 * @param timeout wall-clock limit of one preflight, waiting for the engine included: a check still
 *     running then stops and fails as timed out
 * @param retryAfter what a refused request is told to wait
 * @param maxSubsetSize largest {@code subsetSize} a request may ask for
 * @param maxSteps largest {@code maxSteps} a request may ask for
 */
@ConfigurationProperties("descent.preflight")
@Validated
record PreflightProperties(
        @DefaultValue("2") @Min(1) int maxConcurrent,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("1000") @Min(1) int maxSubsetSize,
        @DefaultValue("2000") @Min(1) int maxSteps) {}
