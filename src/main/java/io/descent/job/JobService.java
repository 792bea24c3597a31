package io.descent.job;

import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.JobSpecResolver;
import java.time.Clock;
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
    private final CancellationSignals signals;
    private final TransactionTemplate transactions;
    private final Clock clock;

    JobService(JobRepository jobs, EpochRecordRepository epochs, JobSpecResolver resolver, JobQueue queue, JobSnapshots snapshots,
            CancellationSignals signals, TransactionTemplate transactions, Clock clock) {
        this.jobs = jobs;
        this.epochs = epochs;
        this.resolver = resolver;
        this.queue = queue;
        this.snapshots = snapshots;
        this.signals = signals;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Validates and queues a job; the job and its queue entry are committed before this returns.
     *
     * @throws io.descent.job.spec.InvalidSpecException with every violation; nothing is stored then
     */
    public JobSnapshot submit(JobSpec request) {
        AcceptedSpec accepted = resolver.resolve(request);
        return transactions.execute(status -> {
            Job job = new Job(UUID.randomUUID(), accepted.canonical().name(), accepted.datasetId(),
                    snapshots.toJson(accepted.canonical()), accepted.training().epochs(), clock.instant());
            jobs.save(job);
            queue.enqueue(job.getId(), job.getCreatedAt());
            return snapshots.of(job, null);
        });
    }

    public JobSnapshot get(UUID id) {
        Job job = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
        EpochMetrics latest = job.getCompletedEpochs() == 0 ? null
                : epochs.findFirstByJobIdOrderByEpochDesc(id).map(EpochRecord::toMetrics).orElse(null);
        return snapshots.of(job, latest);
    }

    /** Newest first; {@code status} null for every job. Latest metrics are not filled in lists. */
    public Page<JobSnapshot> list(JobStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by("id")));
        Page<Job> result = status == null ? jobs.findAll(request) : jobs.findByStatus(status, request);
        return result.map(job -> snapshots.of(job, null));
    }

    public List<EpochMetrics> metrics(UUID id) {
        if (!jobs.existsById(id)) {
            throw new JobNotFoundException(id);
        }
        return epochs.findByJobIdOrderByEpoch(id).stream().map(EpochRecord::toMetrics).toList();
    }

    /**
     * A queued job ends CANCELLED at once; a running one is flagged and its worker stops at the
     * next batch boundary (this node at once, other nodes when they next poll the flag).
     *
     * @throws JobConflictException when the job has already finished
     */
    public JobSnapshot cancel(UUID id) {
        boolean running = Boolean.TRUE.equals(transactions.execute(status -> {
            if (jobs.markFinished(id, List.of(JobStatus.QUEUED), JobStatus.CANCELLED, clock.instant()) == 1) {
                queue.removeIfWaiting(id);
                return false;
            }
            if (jobs.markCancelRequested(id) == 1) {
                return true;
            }
            Job job = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
            throw new JobConflictException("Job " + id + " has already finished (" + job.getStatus() + "); there is nothing to cancel.");
        }));
        if (running) {
            signals.request(id, CancellationSignals.Reason.CANCELLED);
        }
        return get(id);
    }

    /** @throws JobConflictException while the job is queued or running: cancel it first */
    public void delete(UUID id) {
        transactions.executeWithoutResult(status -> {
            Job job = jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
            epochs.deleteByJobId(id);
            if (jobs.deleteFinished(id) == 0) {
                throw new JobConflictException("Job " + id + " is " + job.getStatus()
                        + "; cancel it first (POST /api/v1/jobs/" + id + "/cancel), then delete it.");
            }
        });
    }
}
