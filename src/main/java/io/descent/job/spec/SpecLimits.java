package io.descent.job.spec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Upper bounds on what one job may ask for, so that a single request cannot occupy a node for
 * days or exhaust its memory.
 */
@ConfigurationProperties("descent.limits")
public record SpecLimits(
        @DefaultValue("1000") int maxEpochs,
        @DefaultValue("16") int maxLayers,
        @DefaultValue("8192") int maxUnits,
        @DefaultValue("65536") int maxBatchSize) {}
