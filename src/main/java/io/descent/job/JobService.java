package io.descent.job;

import io.descent.access.Caller;
import io.descent.access.Callers;
import io.descent.access.Quotas;
import io.descent.dataset.DatasetLocks;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.InvalidSpecException;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.training.catalog.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import io.descent.training.EpochMetrics;

/** What API clients can do with jobs: submit, look, cancel, delete. */
@Service
public class JobService {

    private final JobRepository jobs;
    private final EpochRecordRepository epochs;
    private final JobSpecResolver resolver;
    private final JobQueue queue;
    private final JobSnapshots snapshots;
    private final ActiveRuns runs;
    private final JobEvents events;
    private final JobLifecycle lifecycle;
    private final JobCheckpointRepository checkpoints;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RecentSnapshots recent;
    private final DatasetLocks datasetLocks;

    private final Quotas quotas;

    JobService(JobRepository jobs, EpochRecordRepository epochs, JobSpecResolver resolver, JobQueue queue, JobSnapshots snapshots,
            ActiveRuns runs, JobEvents events, JobLifecycle lifecycle, JobCheckpointRepository checkpoints,
            TransactionTemplate transactions, Clock clock, RecentSnapshots recent, DatasetLocks datasetLocks, Quotas quotas) {
        this.quotas = quotas;
        this.jobs = jobs;
        this.epochs = epochs;
        this.resolver = resolver;
        this.queue = queue;
        this.snapshots = snapshots;
        this.runs = runs;
        this.events = events;
        this.lifecycle = lifecycle;
        this.checkpoints = checkpoints;
        this.transactions = transactions;
        this.clock = clock;
        this.recent = recent;
        this.datasetLocks = datasetLocks;
    }

    /**
     * Validates and queues a job; the job and its queue entry are committed before this returns.
     * With an idempotency key, a repeat of the same request returns the job the first one made,
     * even when both arrive at once (the key is unique in the database). A dataset being deleted
     * meanwhile is either still there for the job or reported unknown; never half gone.
     *
     * @throws io.descent.job.spec.InvalidSpecException with every violation; nothing is stored then
     * @throws IdempotencyConflictException when the key was used with another body
     */
    public Submission submit(JobSpec request, String idempotencyKey) {
        String hash = idempotencyKey == null ? null : sha256(snapshots.canonicalJson(request));
        if (idempotencyKey != null) {
            Optional<Submission> earlier = replay(idempotencyKey, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        AcceptedSpec accepted = resolver.resolve(request);
        try {
            return new Submission(transactions.execute(status -> {
                if (!datasetLocks.holdForJob(accepted.datasetId())) {
                    throw new InvalidSpecException(List.of(new Violation("/dataset/id",
                            "Unknown dataset \"" + accepted.datasetId() + "\": it was deleted while this job was being submitted.")));
                }
                Caller caller = Callers.current();
                Quotas.check("maxActiveJobs", quotas.of(caller).maxActiveJobs(), caller.owner() == null ? 0 : jobs.countActiveJobs(caller.owner()),
                        1, "jobs queued or running", "Wait for one to finish, or cancel one (POST /api/v1/jobs/{id}/cancel).");
                Job job = new Job(UUID.randomUUID(), accepted.canonical().name(), accepted.datasetId(),
                        snapshots.toJson(accepted.canonical()), accepted.training().epochs(), clock.instant(), idempotencyKey, hash);
                job.ownedBy(caller.owner());
                lifecycle.create(job);
                queue.enqueue(job.getId(), job.getCreatedAt());
                return snapshots.of(job, null);
            }), false);
        } catch (DataIntegrityViolationException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            // Another request with the same key committed first.
            return replay(idempotencyKey, hash).orElseThrow(() -> e);
        }
    }

    private Optional<Submission> replay(String key, String hash) {
        // Another API key's job with the same Idempotency-Key is not this caller's to see: a conflict, as for another body.
        return jobs.findByIdempotencyKey(key).map(job -> {
            if (!hash.equals(job.getRequestHash()) || !Callers.current().sees(job.getOwner())) {
                throw new IdempotencyConflictException(key);
            }
            return new Submission(get(job.getId()), true);
        });
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job as of at most {@code descent.api.snapshot-ttl} ago (this node's own changes show at once). */
    public JobSnapshot get(UUID id) {
        JobSnapshot job = recent.get(id, () -> load(id));
        if (!Callers.current().sees(job.owner())) {
            // Another key's job: as if it did not exist, so that ids do not leak.
            throw new JobNotFoundException(id);
        }
        return job;
    }

    private JobSnapshot load(UUID id) {
        Job job = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
        EpochMetrics latest = job.getCompletedEpochs() == 0 ? null
                : epochs.findFirstByJobIdOrderByEpochDesc(id).map(EpochRecord::toMetrics).orElse(null);
        return snapshots.of(job, latest, checkpoints.findEpochs(id));
    }

    /** Newest first; {@code status} and {@code study} null for every job. Latest metrics are not filled in lists. */
    public Page<JobSnapshot> list(JobStatus status, UUID study, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by("id")));
        Page<Job> result;
        Caller caller = Callers.current();
        if (!caller.admin()) {
            UUID owner = caller.owner();
            if (study != null) {
                result = status == null ? jobs.findByStudyIdAndOwner(study, owner, request) : jobs.findByStudyIdAndOwnerAndStatus(study, owner, status, request);
            } else {
                result = status == null ? jobs.findByOwner(owner, request) : jobs.findByOwnerAndStatus(owner, status, request);
            }
        } else if (study != null) {
            result = status == null ? jobs.findByStudyId(study, request) : jobs.findByStudyIdAndStatus(study, status, request);
        } else {
            result = status == null ? jobs.findAll(request) : jobs.findByStatus(status, request);
        }
        return result.map(job -> snapshots.of(job, null));
    }

    /**
     * Queues a study's trial in the caller's transaction (the study's advance): the trial number is
     * unique within the study, so a second advance that tries the same trial fails its transaction
     * instead of training it twice.
     */
    @org.springframework.transaction.annotation.Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public UUID submitTrial(AcceptedSpec accepted, UUID studyId, int number, int stage, java.util.Map<String, Object> params, UUID owner) {
        if (!datasetLocks.holdForJob(accepted.datasetId())) {
            throw new InvalidSpecException(List.of(new Violation("/dataset/id",
                    "Unknown dataset \"" + accepted.datasetId() + "\": it was deleted while the study was running.")));
        }
        Job job = new Job(UUID.randomUUID(), accepted.canonical().name(), accepted.datasetId(), snapshots.toJson(accepted.canonical()),
                accepted.training().epochs(), clock.instant(), null, null);
        job.asTrial(studyId, number, stage, snapshots.toJson(params));
        job.ownedBy(owner);
        lifecycle.create(job);
        queue.enqueue(job.getId(), job.getCreatedAt());
        return job.getId();
    }

    /** Records a study's trial whose sampled spec is invalid: FAILED with the reason, so the study counts it. */
    @org.springframework.transaction.annotation.Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public UUID submitFailedTrial(JobSpec spec, UUID studyId, int number, int stage, java.util.Map<String, Object> params, String message,
            UUID owner) {
        Job job = new Job(UUID.randomUUID(), spec.name(), spec.dataset() == null || spec.dataset().id() == null ? "unknown" : spec.dataset().id(),
                snapshots.toJson(spec), spec.epochs() == null ? 0 : spec.epochs(), clock.instant(), null, null);
        job.asTrial(studyId, number, stage, snapshots.toJson(params));
        job.ownedBy(owner);
        job.failedAtSubmission("invalid_spec", message, clock.instant());
        lifecycle.createFailed(job);
        return job.getId();
    }

    /**
     * The job's transitions after event {@code eventId} and its epochs after {@code epoch}, in the
     * order they happened, each with the cursor after it: a stream resumes exactly from a cursor.
     */
    public List<JobStreamEvent> streamSince(UUID id, long eventId, int epoch) {
        List<JobStreamEvent> out = new java.util.ArrayList<>();
        long lastEvent = eventId;
        int lastEpoch = epoch;
        List<JobEvent> transitions = events.after(id, eventId);
        List<EpochRecord> rows = this.epochs.findByJobIdAndEpochGreaterThanOrderByEpoch(id, epoch);
        int t = 0;
        int r = 0;
        while (t < transitions.size() || r < rows.size()) {
            boolean transitionFirst = r == rows.size()
                    || (t < transitions.size() && !transitions.get(t).getAt().isAfter(rows.get(r).getRecordedAt()));
            if (transitionFirst) {
                JobEvent e = transitions.get(t++);
                lastEvent = e.getId();
                out.add(new JobStreamEvent(lastEvent, lastEpoch, e.getAt(), e, null));
            } else {
                EpochRecord row = rows.get(r++);
                lastEpoch = row.getEpoch();
                out.add(new JobStreamEvent(lastEvent, lastEpoch, row.getRecordedAt(), null, row.toMetrics()));
            }
        }
        return out;
    }

    /** The current version of each of {@code ids} that still exists: one query for every job a node streams. */
    public java.util.Map<UUID, Long> versions(java.util.Collection<UUID> ids) {
        java.util.Map<UUID, Long> out = new java.util.HashMap<>();
        for (Object[] row : jobs.findVersions(ids)) {
            out.put((UUID) row[0], (Long) row[1]);
        }
        return out;
    }

    /** The owner's study trials queued or running, over all its studies (its {@code maxRunningTrials} quota). */
    public long activeTrials(UUID owner) {
        return owner == null ? 0 : jobs.countActiveTrials(owner);
    }

    /** The study a job is a trial of, or null. */
    public UUID studyOf(UUID jobId) {
        return jobs.findStudyId(jobId);
    }

    /** A study's trials as snapshots, by trial number (latest metrics not filled in). */
    public List<JobSnapshot> trials(UUID studyId) {
        return jobs.findByStudyIdOrderByTrialNumber(studyId).stream().map(job -> snapshots.of(job, null)).toList();
    }

    /** The first {@code epochs} epoch rows of each trial of a study's stage, by job. */
    public java.util.Map<UUID, List<EpochMetrics>> stageMetrics(UUID studyId, int stage, int epochs) {
        return byJob(this.epochs.findByStudyStage(studyId, stage, epochs));
    }

    /** Every epoch row of every trial of a study, by job. */
    public java.util.Map<UUID, List<EpochMetrics>> trialMetrics(UUID studyId) {
        return byJob(epochs.findByStudy(studyId));
    }

    /** Rows ordered by job then epoch, as lists per job in that order. */
    private static java.util.Map<UUID, List<EpochMetrics>> byJob(List<EpochRecord> rows) {
        java.util.Map<UUID, List<EpochMetrics>> out = new java.util.LinkedHashMap<>();
        for (EpochRecord row : rows) {
            out.computeIfAbsent(row.getJobId(), k -> new java.util.ArrayList<>()).add(row.toMetrics());
        }
        return out;
    }

    /**
     * The job's trained model.
     *
     * @throws JobConflictException while the job has no finished epoch (nothing trained yet)
     */
    public ModelSource model(UUID id) {
        JobSnapshot job = get(id);
        Job entity = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
        // The epoch the job says its model holds (restoreBest: the best one, whose checkpoint is kept),
        // else the newest readable checkpoint.
        Integer holds = entity.getWeightsFromEpoch();
        java.util.Optional<JobCheckpoint> checkpoint = checkpoints.findByJobIdOrderByEpochDesc(id).stream()
                .filter(c -> java.nio.file.Files.isReadable(java.nio.file.Path.of(c.getPath())))
                .sorted(java.util.Comparator.comparing((JobCheckpoint c) -> !java.util.Objects.equals(c.getEpoch(), holds))).findFirst();
        if (entity.getModelInfoJson() == null || checkpoint.isEmpty()) {
            throw new JobConflictException("Job " + id + " is " + job.status() + " and has no finished epoch yet; there is no model to use.");
        }
        return new ModelSource(job, snapshots.modelInfo(entity.getModelInfoJson()), java.nio.file.Path.of(checkpoint.get().getPath()),
                checkpoint.get().getEpoch());
    }

    /**
     * The job's model after {@code epoch}, from a checkpoint kept by the spec's
     * {@code checkpoints.keepEvery} or among the latest ones.
     *
     * @throws JobConflictException when no checkpoint of that epoch is kept; the message names the kept ones
     */
    public ModelSource model(UUID id, int epoch) {
        JobSnapshot job = get(id);
        Job entity = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
        java.util.Optional<JobCheckpoint> checkpoint = checkpoints.findByJobIdAndEpoch(id, epoch)
                .filter(c -> java.nio.file.Files.isReadable(java.nio.file.Path.of(c.getPath())));
        if (entity.getModelInfoJson() == null || checkpoint.isEmpty()) {
            throw new JobConflictException("Job " + id + " has no kept checkpoint after epoch " + epoch + "; kept: "
                    + checkpoints.findEpochs(id) + ".");
        }
        return new ModelSource(job, snapshots.modelInfo(entity.getModelInfoJson()), java.nio.file.Path.of(checkpoint.get().getPath()), epoch);
    }

    /** The epochs of the job's kept checkpoints, ascending; empty before its first epoch. */
    public List<Integer> checkpointEpochs(UUID id) {
        get(id);
        return checkpoints.findEpochs(id);
    }

    /** The job's transition log, oldest first. */
    public List<JobEvent> events(UUID id) {
        get(id);
        return events.of(id);
    }

    public List<EpochMetrics> metrics(UUID id) {
        get(id);
        return epochs.findByJobIdOrderByEpoch(id).stream().map(EpochRecord::toMetrics).toList();
    }

    /**
     * A queued job ends CANCELLED at once; a running one is flagged and its worker stops at the
     * next batch boundary (this node at once, other nodes when they next poll the flag).
     *
     * @throws JobConflictException when the job has already finished
     */
    public JobSnapshot cancel(UUID id) {
        get(id);
        boolean running = Boolean.TRUE.equals(transactions.execute(status -> {
            boolean flagged = lifecycle.cancel(id);
            if (!flagged) {
                queue.removeIfWaiting(id);
            }
            return flagged;
        }));
        if (running) {
            runs.request(id, ActiveRuns.Reason.CANCELLED);
        }
        return get(id);
    }

    /** @throws JobConflictException while the job is queued or running: cancel it first */
    public void delete(UUID id) {
        get(id);
        lifecycle.delete(id);
    }
}
