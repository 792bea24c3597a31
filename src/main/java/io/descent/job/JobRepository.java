package io.descent.job;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * State changes are single conditional UPDATEs ("... where status = X"), not read-modify-write of
 * the entity: a worker recording an epoch and a user cancelling the same job touch one row at the
 * same moment, and each must either apply or see that the state moved on, never fail the job.
 * Every change increments {@code version}.
 */
interface JobRepository extends JpaRepository<Job, UUID> {

    Page<Job> findByStatus(JobStatus status, Pageable pageable);

    long countByStatus(JobStatus status);

    @Query("select j.cancelRequested from Job j where j.id = :id")
    Boolean findCancelRequested(UUID id);

    java.util.Optional<Job> findByIdempotencyKey(String idempotencyKey);

    /** Starts (or resumes, with {@code completed} epochs kept) a queued or interrupted job on {@code node}. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.RUNNING, j.startedAt = coalesce(j.startedAt, :now),
                j.completedEpochs = :completed, j.resumedFromEpoch = :resumedFrom, j.node = :node, j.version = j.version + 1
            where j.id = :id and j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING)""")
    int markRunning(UUID id, Instant now, int completed, Integer resumedFrom, String node);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Job j set j.modelInfoJson = :modelInfo where j.id = :id")
    int saveModelInfo(UUID id, String modelInfo);

    boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<JobStatus> statuses);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.completedEpochs = :epoch, j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.RUNNING""")
    int markEpochCompleted(UUID id, int epoch);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = :outcome, j.finishedAt = :now, j.version = j.version + 1
            where j.id = :id and j.status in :from""")
    int markFinished(UUID id, Collection<JobStatus> from, JobStatus outcome, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.SUCCEEDED, j.finishedAt = :now, j.earlyStoppingJson = :earlyStopping,
                j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.RUNNING""")
    int markEarlyStopped(UUID id, String earlyStopping, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.FAILED, j.finishedAt = :now, j.errorType = :type,
                j.errorMessage = :message, j.errorEpoch = :epoch, j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.RUNNING""")
    int markFailed(UUID id, String type, String message, Integer epoch, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.QUEUED, j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.RUNNING""")
    int markRequeued(UUID id);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.cancelRequested = true, j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.RUNNING""")
    int markCancelRequested(UUID id);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            delete from Job j where j.id = :id and j.status in
                (io.descent.job.JobStatus.SUCCEEDED, io.descent.job.JobStatus.FAILED, io.descent.job.JobStatus.CANCELLED)""")
    int deleteFinished(UUID id);
}
