package io.descent.study;

import io.descent.job.JobEnded;
import io.descent.job.JobService;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When studies advance: at once after one of their trials ends (on the node that ended it), and on
 * every node every {@code descent.studies.sweep-interval}, which catches up on a trial end whose
 * node died before it could advance the study. Advances run on one thread of their own, never on
 * the worker's training thread.
 */
@Component
class StudyTriggers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StudyTriggers.class);

    private final StudyConductor conductor;
    private final StudyRepository studies;
    private final JobService jobs;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "study-advance");
        t.setDaemon(true);
        return t;
    });

    StudyTriggers(StudyConductor conductor, StudyRepository studies, JobService jobs) {
        this.conductor = conductor;
        this.studies = studies;
        this.jobs = jobs;
    }

    @TransactionalEventListener
    void jobEnded(JobEnded event) {
        executor.execute(() -> {
            UUID study = jobs.studyOf(event.jobId());
            if (study != null) {
                advance(study);
            }
        });
    }

    @Scheduled(fixedDelayString = "${descent.studies.sweep-interval:5s}", initialDelayString = "${descent.studies.sweep-interval:5s}")
    void sweep() {
        for (UUID id : studies.findRunning()) {
            executor.execute(() -> advance(id));
        }
    }

    private void advance(UUID id) {
        try {
            conductor.advance(id);
        } catch (RuntimeException e) {
            // The next sweep tries again; trial numbers are unique, so a half-done advance cannot duplicate a trial.
            log.warn("Study {}: advance failed; the next sweep retries", id, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
