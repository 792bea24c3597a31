package io.descent.job.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A training-job spec as it travels over HTTP and is stored: loosely typed where the JSON is
 * (a batch size may be a number or "full"), checked and normalised by {@link JobSpecResolver}.
 * Component objects (loss, optimizer, schedule) are {@code {"type": ..., params...}} maps whose
 * parameters are declared by their catalogue entries.
 *
 * <p>{@code maxRestarts}: after this many deaths of the node running it (crash, kill, a stall past
 * the takeover timeout) the job ends FAILED {@code crash_loop} instead of being resumed again.
 * {@code maxRuntime}: an ISO-8601 duration ("PT2H"); a job still training that long after it first
 * started ends FAILED {@code timeout}.
 *
 * <p>{@code weightAveraging}: a running average of the parameters (EMA or SWA) used for
 * validation, predictions and the downloaded model. {@code checkpoints}: which epochs' checkpoints
 * a job keeps beyond the latest ({@code keepEvery}), e.g. to ensemble several epochs of one run.
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
        String device,
        Integer maxRestarts,
        String maxRuntime,
        Map<String, Object> weightAveraging,
        Map<String, Object> checkpoints) {}
