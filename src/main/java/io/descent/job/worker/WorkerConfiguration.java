package io.descent.job.worker;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.descent.job.CancellationSignals;
import io.descent.job.JobQueue;
import io.descent.system.NodeIdentity;
import com.github.kagkarlsson.scheduler.SchedulerName;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires db-scheduler's core library (its Spring Boot starter still targets Boot 3) as this node's
 * worker: one execution thread, because DJL's PyTorch engine allows one autograd recording per
 * process; heartbeats so that another node can take over a job whose node died.
 */
@Configuration
@EnableScheduling
@ConditionalOnBooleanProperty(name = "descent.worker.enabled", matchIfMissing = true)
class WorkerConfiguration {

    @Bean
    Scheduler jobScheduler(DataSource dataSource, JobWorker worker, WorkerProperties properties, NodeIdentity node) {
        Task<Void> train = Tasks.custom(JobQueue.TASK, Void.class)
                .onFailure((complete, operations) -> operations.reschedule(complete, Instant.now().plus(properties.pollInterval())))
                .onDeadExecutionRevive()
                .execute((instance, context) -> worker.run(UUID.fromString(instance.getId())));
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.<Task<?>>of(train))
                .threads(1)
                .pollingInterval(properties.pollInterval())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(properties.missedHeartbeats())
                .schedulerName(new SchedulerName.Fixed(node.name()))
                .shutdownMaxWait(properties.shutdownWait())
                .build();
    }

    /** Starts the worker once the context is up; on shutdown stops the running job at a batch boundary first. */
    @Bean
    SmartLifecycle jobSchedulerLifecycle(Scheduler scheduler, CancellationSignals signals) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                signals.requestAll(CancellationSignals.Reason.SHUTDOWN);
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
