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
 * A worker's writes are fenced: they also require {@code attempt = :attempt}, the run number its
 * start took, so a worker whose job was taken over by another node changes nothing. Every change
 * a client can see increments {@code version} (the ETag). Only {@link JobLifecycle} calls the
 * modifying queries.
 */
interface JobRepository extends JpaRepository<Job, UUID> {

    Page<Job> findByStatus(JobStatus status, Pageable pageable);

    /** [status, count, oldest createdAt] for QUEUED and RUNNING: the queue's gauges in one query. */
    @Query("""
            select j.status, count(j), min(j.createdAt) from Job j
            where j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING) group by j.status""")
    java.util.List<Object[]> countActiveByStatus();

    @Query("select j.cancelRequested from Job j where j.id = :id")
    Boolean findCancelRequested(UUID id);

    java.util.Optional<Job> findByIdempotencyKey(String idempotencyKey);

    boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<JobStatus> statuses);

    /**
     * Takes a queued or interrupted job for a new run on {@code node}, with the next attempt number;
     * {@code seenAttempt} is the attempt read just before, so two nodes claiming at once cannot both win.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.RUNNING, j.startedAt = coalesce(j.startedAt, :now),
                j.node = :node, j.attempt = j.attempt + 1, j.heartbeatAt = :now, j.version = j.version + 1
            where j.id = :id and j.attempt = :seenAttempt
                and j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING)""")
    int claim(UUID id, int seenAttempt, Instant now, String node);

    /** Counts a death of the node that ran the job before this run. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Job j set j.crashes = j.crashes + 1, j.crashNodes = :nodes where j.id = :id and j.attempt = :attempt")
    int recordCrash(UUID id, int attempt, String nodes);

    /** Where the run continues from: {@code completed} epochs kept. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.completedEpochs = :completed, j.resumedFromEpoch = :resumedFrom, j.version = j.version + 1
            where j.id = :id and j.attempt = :attempt""")
    int markResumePoint(UUID id, int attempt, int completed, Integer resumedFrom);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.heartbeatAt = :now
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int heartbeat(UUID id, int attempt, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.modelInfoJson = :modelInfo
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int saveModelInfo(UUID id, int attempt, String modelInfo);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.completedEpochs = :epoch, j.retries = 0, j.heartbeatAt = :now, j.version = j.version + 1,
                j.partialCheckpoint = null, j.partialEpoch = null, j.partialStep = null, j.bestEpoch = :bestEpoch
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markEpochCompleted(UUID id, int attempt, int epoch, Integer bestEpoch, Instant now);

    @Query("select j.partialCheckpoint from Job j where j.id = :id")
    String findPartialCheckpoint(UUID id);

    /** References a checkpoint inside epoch {@code epoch} + 1, after {@code step} of its batches; null path: none. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.partialCheckpoint = :path, j.partialEpoch = :epoch, j.partialStep = :step
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markPartial(UUID id, int attempt, String path, Integer epoch, Integer step);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = :outcome, j.finishedAt = :now, j.weightsFromEpoch = coalesce(:weightsFromEpoch, j.bestEpoch),
                j.version = j.version + 1
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markFinished(UUID id, int attempt, JobStatus outcome, Integer weightsFromEpoch, Instant now);

    /** A user's cancel of a job no worker has started. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.CANCELLED, j.finishedAt = :now, j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.QUEUED""")
    int markQueuedCancelled(UUID id, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.SUCCEEDED, j.finishedAt = :now, j.earlyStoppingJson = :earlyStopping,
                j.weightsFromEpoch = :weightsFromEpoch, j.version = j.version + 1
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markEarlyStopped(UUID id, int attempt, String earlyStopping, int weightsFromEpoch, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.FAILED, j.finishedAt = :now, j.errorType = :type,
                j.errorMessage = :message, j.errorEpoch = :epoch, j.weightsFromEpoch = coalesce(:weightsFromEpoch, j.bestEpoch),
                j.version = j.version + 1
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markFailed(UUID id, int attempt, String type, String message, Integer epoch, Integer weightsFromEpoch, Instant now);

    /** Back in the queue (a shutdown, or a transient fault to retry: {@code retried} counts it). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.QUEUED, j.retries = j.retries + :retried, j.version = j.version + 1
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markRequeued(UUID id, int attempt, int retried);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.cancelRequested = true, j.version = j.version + 1
            where j.id = :id and j.status = io.descent.job.JobStatus.RUNNING""")
    int markCancelRequested(UUID id);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            delete from Job j where j.id = :id and j.status in
                (io.descent.job.JobStatus.SUCCEEDED, io.descent.job.JobStatus.FAILED, io.descent.job.JobStatus.CANCELLED,
                 io.descent.job.JobStatus.PRUNED)""")
    int deleteFinished(UUID id);

    /** A study's pruner stopped the run: its epochs are kept, like an early stop's. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Job j set j.status = io.descent.job.JobStatus.PRUNED, j.finishedAt = :now, j.stopReason = :reason,
                j.weightsFromEpoch = coalesce(:weightsFromEpoch, j.bestEpoch), j.version = j.version + 1
            where j.id = :id and j.attempt = :attempt and j.status = io.descent.job.JobStatus.RUNNING""")
    int markPruned(UUID id, int attempt, String reason, Integer weightsFromEpoch, Instant now);

    Page<Job> findByStudyId(UUID studyId, Pageable pageable);

    Page<Job> findByOwner(UUID owner, Pageable pageable);

    Page<Job> findByOwnerAndStatus(UUID owner, JobStatus status, Pageable pageable);

    Page<Job> findByStudyIdAndOwner(UUID studyId, UUID owner, Pageable pageable);

    Page<Job> findByStudyIdAndOwnerAndStatus(UUID studyId, UUID owner, JobStatus status, Pageable pageable);

    /** Jobs of the owner that are queued or running, study trials not counted (they have their own quota). */
    @Query("select count(j) from Job j where j.owner = :owner and j.studyId is null and j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING)")
    long countActiveJobs(UUID owner);

    /** Study trials of the owner that are queued or running, over all its studies. */
    @Query("select count(j) from Job j where j.owner = :owner and j.studyId is not null and j.status in (io.descent.job.JobStatus.QUEUED, io.descent.job.JobStatus.RUNNING)")
    long countActiveTrials(UUID owner);

    Page<Job> findByStudyIdAndStatus(UUID studyId, JobStatus status, Pageable pageable);

    java.util.List<Job> findByStudyIdOrderByTrialNumber(UUID studyId);

    @Query("select j.id, j.version from Job j where j.id in :ids")
    java.util.List<Object[]> findVersions(Collection<UUID> ids);

    @Query("select j.studyId from Job j where j.id = :id")
    UUID findStudyId(UUID id);
}
