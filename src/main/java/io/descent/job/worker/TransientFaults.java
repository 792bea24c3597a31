package io.descent.job.worker;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import io.descent.job.JobLifecycle;
import io.descent.job.Run;
import io.descent.training.CheckpointException;
import java.io.IOException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Faults of the node rather than of the job: the database went away for a moment, a write to the
 * checkpoint disk failed. Such a run goes back in the queue to continue from its checkpoint after
 * a backoff, up to {@code descent.worker.max-retries} times in a row; a crash, by contrast, is
 * counted against the job's maxRestarts. While the database does not answer, the requeue itself
 * is retried for up to {@code descent.worker.database-patience}.
 */
@Component
class TransientFaults {

    private static final Logger log = LoggerFactory.getLogger(TransientFaults.class);

    private final JobLifecycle lifecycle;
    private final WorkerProperties properties;

    TransientFaults(JobLifecycle lifecycle, WorkerProperties properties) {
        this.lifecycle = lifecycle;
        this.properties = properties;
    }

    /** Whether {@code e} (or a cause) is a database or disk fault that may pass. */
    boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof CheckpointException && t.getCause() instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Requeues the run to continue after a backoff, or fails the job once its retries are spent. */
    CompletionHandler<Void> retry(Run run, RuntimeException fault, int epoch) {
        String type = fault instanceof CheckpointException ? "checkpoint_error" : "database_error";
        String message = fault instanceof CheckpointException ? fault.getMessage()
                : "The database did not answer (" + NestedExceptionUtils.getMostSpecificCause(fault).getClass().getSimpleName() + ")";
        Integer outcome = patiently(run, () -> lifecycle.retryLater(run, type, message, epoch, properties.maxRetries(), properties::backoff));
        if (outcome == null || outcome < 0) {
            return (complete, operations) -> {};
        }
        if (outcome == 0) {
            log.info("Job {} FAILED ({}): retries exhausted", run.jobId(), type);
            return new CompletionHandler.OnCompleteRemove<>();
        }
        Duration wait = properties.backoff(outcome);
        log.info("Job {}: retry {} of {} in {} s", run.jobId(), outcome, properties.maxRetries(), wait.toSeconds());
        return (complete, operations) -> operations.reschedule(complete, Instant.now().plus(wait));
    }

    /** @return false when the write was refused (another run owns the job) or the database never answered */
    boolean requeue(Run run, String reason) {
        Integer outcome = patiently(run, () -> lifecycle.requeue(run, reason) ? 1 : -1);
        return outcome != null && outcome > 0;
    }

    /** Runs {@code write}, retrying while the database does not answer; null when it never did. */
    private Integer patiently(Run run, Supplier<Integer> write) {
        long deadline = System.nanoTime() + properties.databasePatience().toNanos();
        long pause = 500;
        while (true) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (!isTransient(e) || System.nanoTime() - deadline > 0) {
                    log.error("Job {}: could not record the run's end; the queue will hand the job on after the takeover timeout",
                            run.jobId(), e);
                    return null;
                }
                log.warn("Job {}: database unavailable ({}); trying again in {} ms", run.jobId(), NestedExceptionUtils.getMostSpecificCause(e).toString(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                pause = Math.min(pause * 2, 10_000);
            }
        }
    }
}
