package io.descent.job.pool;

import ai.djl.engine.Engine;
import io.descent.job.JobMetrics;
import io.descent.job.LocalWorker;
import io.descent.job.spec.SpecLimits;
import io.descent.job.worker.WorkerProperties;
import io.descent.system.NodeIdentity;
import io.descent.system.changes.ChangeFeed;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The node's trainer pool, or this process's line to the node whose trainer it is ({@link Placement}). */
@Configuration
class PoolConfiguration {

    @Bean
    PoolPlan poolPlan(PoolProperties properties, Engine engine) {
        return PoolPlan.of(properties.processes(), properties.threadsPerProcess(), Runtime.getRuntime().availableProcessors(),
                engine.getGpuCount());
    }

    @Bean
    @Conditional(Placement.Pooled.class)
    TrainerPool trainerPool(PoolPlan plan, PoolProperties properties, WorkerProperties worker, NodeIdentity node,
            ObjectProvider<DataSourceProperties> dataSource, ApplicationArguments args, JobMetrics metrics, ChangeFeed feed,
            MeterRegistry registry, SpecLimits limits) {
        DataSourceProperties ds = dataSource.getIfAvailable();
        long budget = (properties.memoryBudget() != null ? properties.memoryBudget() : limits.maxJobMemory()).toBytes();
        return new TrainerPool(plan, properties, worker, node, ds == null ? null : ds.determineUrl(), List.of(args.getSourceArgs()), metrics,
                feed, registry, budget);
    }

    /** {@code /actuator/info}: the pool's plan and each trainer's process. */
    @Bean
    @Conditional(Placement.Pooled.class)
    InfoContributor poolInfo(TrainerPool pool) {
        return builder -> builder.withDetail("pool", pool.describe());
    }

    @Bean
    @Conditional(Placement.InProcess.class)
    InfoContributor inProcessInfo(PoolPlan plan) {
        return builder -> builder.withDetail("pool", Map.of("processes", 0, "note", "this process trains its jobs itself"));
    }

    @Bean
    @Conditional(Placement.Trainer.class)
    Uplink uplink(TrainerProperties properties, NodeIdentity node, ObjectProvider<LocalWorker> worker, WorkerProperties workerProperties) {
        return new Uplink(properties, node.name(), worker, workerProperties.shutdownWait());
    }
}
