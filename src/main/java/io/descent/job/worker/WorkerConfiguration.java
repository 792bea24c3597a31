package io.descent.job.worker;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.descent.job.ActiveRuns;
import io.descent.job.JobQueue;
import io.descent.job.LocalWorker;
import io.descent.system.NodeIdentity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import io.descent.job.pool.Placement;
import org.springframework.context.annotation.Conditional;
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
@Conditional(Placement.InProcess.class)
class WorkerConfiguration {

    @Bean
    Worker worker(DataSource dataSource, JobWorker worker, WorkerProperties properties, NodeIdentity node, ActiveRuns signals) {
        return new Worker(dataSource, worker, properties, node, signals);
    }

    /**
     * Starts a db-scheduler when the context starts and stops it, after stopping the running job
     * at a batch boundary, when the context stops. A db-scheduler cannot start again once stopped,
     * so each start builds a new one (contexts can be stopped and restarted, e.g. paused by tests).
     */
    static final class Worker implements SmartLifecycle, LocalWorker {
        private final DataSource dataSource;
        private final JobWorker jobs;
        private final WorkerProperties properties;
        private final NodeIdentity node;
        private final ActiveRuns signals;
        private volatile Scheduler scheduler;

        Worker(DataSource dataSource, JobWorker jobs, WorkerProperties properties, NodeIdentity node, ActiveRuns signals) {
            this.dataSource = dataSource;
            this.jobs = jobs;
            this.properties = properties;
            this.node = node;
            this.signals = signals;
        }

        private Scheduler build() {
            Task<Void> train = Tasks.custom(JobQueue.TASK, Void.class)
                    .onFailure((complete, operations) -> operations.reschedule(complete, Instant.now().plus(properties.pollInterval())))
                    .onDeadExecutionRevive()
                    .execute((instance, context) -> jobs.run(UUID.fromString(instance.getId())));
            return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.<Task<?>>of(train))
                    .threads(1)
                    .pollingInterval(properties.pollInterval())
                    .heartbeatInterval(properties.heartbeatInterval())
                    .missedHeartbeatsLimit(properties.missedHeartbeats())
                    .schedulerName(new SchedulerName.Fixed(node.name()))
                    .shutdownMaxWait(properties.shutdownWait())
                    .build();
        }

        @Override
        public synchronized void start() {
            if (scheduler == null) {
                scheduler = build();
                scheduler.start();
            }
        }

        @Override
        public synchronized void stop() {
            if (scheduler != null) {
                signals.requestAll(ActiveRuns.Reason.SHUTDOWN);
                scheduler.stop();
                scheduler = null;
            }
        }

        @Override
        public boolean isRunning() {
            return scheduler != null;
        }

        @Override
        public void wake() {
            Scheduler current = scheduler;
            if (current != null) {
                current.triggerCheckForDueExecutions();
            }
        }
    }
}
