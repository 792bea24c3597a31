package io.descent.job;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Component;
import io.descent.system.AfterTransaction;

/**
 * The database-backed queue of training work (db-scheduler's table). Writes go through a
 * transaction-aware data source, so a job row and its queue entry commit or roll back together.
 */
@Component
public class JobQueue {

    /** db-scheduler's task name; the task instance id is the job id. */
    public static final String TASK = "train-job";

    private final SchedulerClient client;
    private final ObjectProvider<LocalWorker> localWorker;

    JobQueue(DataSource dataSource, ObjectProvider<LocalWorker> localWorker) {
        this.client = SchedulerClient.Builder.create(new TransactionAwareDataSourceProxy(dataSource), List.of()).build();
        this.localWorker = localWorker;
    }

    /**
     * Queues {@code jobId} in the caller's transaction; wakes this node's workers after commit (its
     * own, and in a trainer of a pool its sibling trainers through the node).
     */
    void enqueue(UUID jobId, Instant notBefore) {
        client.scheduleIfNotExists(new TaskInstance<>(TASK, jobId.toString()), notBefore);
        List<LocalWorker> workers = localWorker.orderedStream().toList();
        if (!workers.isEmpty()) {
            AfterTransaction.commit(() -> workers.forEach(LocalWorker::wake));
        }
    }

    /** Drops a queue entry that no worker has picked; a picked one is left to its worker. */
    void removeIfWaiting(UUID jobId) {
        try {
            client.cancel(TaskInstanceId.of(TASK, jobId.toString()));
        } catch (TaskInstanceException alreadyGoneOrRunning) {
            // The worker that picked it sees the job's status and ends without training.
        }
    }
}
