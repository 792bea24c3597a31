package io.descent.job.pool;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How a node trains: in its own JVM, or through a pool of trainer processes it supervises.
 *
 * @param processes trainer processes: {@code auto} (see {@link PoolPlan}), a number from 1, or 0 to
 *     train in this JVM as a single trainer
 * @param threadsPerProcess intra-op threads of each trainer: {@code auto} (the cores split between
 *     the trainers) or a number from 1
 * @param restartBackoff the wait before restarting a trainer that died; doubled for each further
 *     death in a row, up to {@code maxRestartBackoff}; a trainer that stayed up 10 minutes starts
 *     over from the first wait
 * @param memoryBudget what the trainers' running jobs may be estimated to need together (the
 *     estimate of admission control); a trainer leaves a job queued until it fits, except that a job
 *     runs whenever no other one does. Unset: {@code descent.limits.max-job-memory}, so the pool
 *     commits no more memory than one job may have
 * @param trainerJvmOptions options for each trainer's JVM (e.g. {@code -Xmx2g}); by default each
 *     gets the JVM's own default heap (a quarter of memory), which tensors do not use: they live in
 *     native memory
 */
@ConfigurationProperties("descent.worker")
public record PoolProperties(
        @DefaultValue("auto") String processes,
        @DefaultValue("auto") String threadsPerProcess,
        @DefaultValue("2s") Duration restartBackoff,
        @DefaultValue("1m") Duration maxRestartBackoff,
        @DefaultValue({}) List<String> trainerJvmOptions,
        DataSize memoryBudget) {}
