package io.descent.job.web;

import io.descent.job.JobService;
import io.descent.job.JobSnapshot;
import io.descent.job.JobStatus;
import io.descent.job.Submission;
import io.descent.job.spec.JobSpec;
import io.descent.system.InvalidParameterException;
import io.descent.system.UserText;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
@RequestMapping("/api/v1/jobs")
class JobController {

    static final int MAX_PAGE_SIZE = 100;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final JobService jobs;
    private final Clock clock;
    private final JobStreams streams;

    JobController(JobService jobs, Clock clock, JobStreams streams) {
        this.jobs = jobs;
        this.clock = clock;
        this.streams = streams;
    }

    /** 201 for a new job; 200 with the same job when an Idempotency-Key and body repeat an earlier request. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody JobSpec spec,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null) {
            UserText.problem("Idempotency-Key", idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH).ifPresent(problem -> {
                throw new InvalidParameterException("Idempotency-Key", problem);
            });
        }
        Submission submission = jobs.submit(spec, idempotencyKey);
        URI location = URI.create("/api/v1/jobs/" + submission.job().id());
        JobView body = view(submission.job());
        return submission.replay() ? ResponseEntity.ok().location(location).body(body) : ResponseEntity.created(location).body(body);
    }

    @GetMapping("/{id}/events")
    List<JobEventView> events(@PathVariable UUID id) {
        return jobs.events(id).stream().map(JobEventView::of).toList();
    }

    @GetMapping
    JobPageView list(@RequestParam(required = false) JobStatus status, @RequestParam(required = false) String study,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw new InvalidParameterException("page", "\"page\" counts from 0; got " + page + ".");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidParameterException("size", "\"size\" must be from 1 to " + MAX_PAGE_SIZE + "; got " + size + ".");
        }
        // The database takes the offset, page × size, as a 32-bit integer.
        int lastPage = Integer.MAX_VALUE / size;
        if (page > lastPage) {
            throw new InvalidParameterException("page", "\"page\" × \"size\" must stay below 2^31, so with size " + size
                    + " \"page\" is at most " + lastPage + "; got " + page + ".");
        }
        Page<JobSnapshot> result = jobs.list(status, studyId(study), page, size);
        return new JobPageView(result.getContent().stream().map(this::view).toList(), page, size, result.getTotalElements(),
                result.getTotalPages());
    }

    /**
     * Carries a weak ETag (the job's version); a poll with a matching If-None-Match gets 304
     * without building the view. ETA and progress are equivalent, not byte-identical, between
     * versions, hence weak. Snapshots come from {@link io.descent.job.RecentSnapshots}.
     */
    @GetMapping("/{id}")
    ResponseEntity<JobView> get(@PathVariable UUID id, WebRequest request) {
        JobSnapshot job = jobs.get(id);
        if (request.checkNotModified(etag(job.version()))) {
            return null;
        }
        return ResponseEntity.ok().eTag(etag(job.version())).body(view(job));
    }

    /** Empty is the same as leaving it out; anything else must be a study id (Spring would read blanks as null). */
    private static UUID studyId(String study) {
        if (study == null || study.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(study);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("study", "\"study\" must be a study id (a UUID, as POST /api/v1/studies returns it); got \""
                    + (study.length() > 40 ? study.substring(0, 40) + "..." : study) + "\".");
        }
    }

    private static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /**
     * Server-sent events: {@code state} per transition, {@code epoch} per finished epoch (the metrics
     * row), {@code progress} every few seconds inside an epoch while this node trains it; the stream
     * ends after the terminal state. Resumes after {@code Last-Event-ID}.
     */
    @GetMapping(value = "/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.SseEmitter> stream(@PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return ResponseEntity.ok().header("Cache-Control", "no-cache, no-transform").header("X-Accel-Buffering", "no")
                .body(streams.subscribe(id, lastEventId));
    }

    @GetMapping("/{id}/metrics")
    List<EpochMetricsView> metrics(@PathVariable UUID id) {
        return jobs.metrics(id).stream().map(EpochMetricsView::of).toList();
    }

    @PostMapping("/{id}/cancel")
    JobView cancel(@PathVariable UUID id) {
        return view(jobs.cancel(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        jobs.delete(id);
        return ResponseEntity.noContent().build();
    }

    private JobView view(JobSnapshot job) {
        return JobView.of(job, clock.instant());
    }
}
