package io.descent.job.web;

import io.descent.job.JobService;
import io.descent.job.JobSnapshot;
import io.descent.job.JobStatus;
import io.descent.job.spec.JobSpec;
import io.descent.system.InvalidParameterException;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    static final int MAX_PAGE_SIZE = 100;

    private final JobService jobs;
    private final Clock clock;

    JobController(JobService jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> submit(@RequestBody JobSpec spec) {
        JobSnapshot job = jobs.submit(spec);
        return ResponseEntity.created(URI.create("/api/v1/jobs/" + job.id())).body(view(job));
    }

    @GetMapping
    JobPageView list(@RequestParam(required = false) JobStatus status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw new InvalidParameterException("page", "\"page\" counts from 0; got " + page + ".");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidParameterException("size", "\"size\" must be from 1 to " + MAX_PAGE_SIZE + "; got " + size + ".");
        }
        Page<JobSnapshot> result = jobs.list(status, page, size);
        return new JobPageView(result.getContent().stream().map(this::view).toList(), page, size, result.getTotalElements(),
                result.getTotalPages());
    }

    @GetMapping("/{id}")
    JobView get(@PathVariable UUID id) {
        return view(jobs.get(id));
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
