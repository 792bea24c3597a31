package io.descent.job.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A training-job spec as it travels over HTTP and is stored: loosely typed where the JSON is
 * (a batch size may be a number or "full"), checked and normalised by {@link JobSpecResolver}.
 * Component objects (loss, optimizer, schedule) are {@code {"type": ..., params...}} maps whose
 * parameters are declared by their catalogue entries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(
        String name,
        DatasetSelection dataset,
        ModelSpec model,
        Map<String, Object> loss,
        Map<String, Object> optimizer,
        Map<String, Object> schedule,
        Map<String, Object> regularization,
        Integer epochs,
        Object batchSize,
        Long seed,
        String device) {}
