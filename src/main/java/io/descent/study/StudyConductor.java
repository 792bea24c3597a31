package io.descent.study;

import io.descent.job.JobConflictException;
import io.descent.access.Caller;
import io.descent.access.Quotas;
import io.descent.access.Role;
import io.descent.job.JobService;
import io.descent.job.JobStatus;
import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.InvalidSpecException;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.JobSpecResolver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves a study forward: queues its next trials (up to maxConcurrentTrials at a time), narrows the
 * ranges when a stage's trials have all ended, retrains the best configuration with more seeds,
 * and ends the study. Every step runs under the study row's lock and is computed from the trial
 * jobs alone, and a trial's number is unique in the database, so any node may advance any study at
 * any time, as often as it likes, after any crash: trials are neither lost nor created twice.
 */
@Component
class StudyConductor {

    private static final Logger log = LoggerFactory.getLogger(StudyConductor.class);

    private final StudyRepository studies;
    private final StudyPlans plans;
    private final StudyPlanner planner;
    private final JobService jobs;
    private final JobSpecResolver resolver;
    private final Clock clock;
    private final StudyFeed feed;
    private final Quotas quotas;

    StudyConductor(StudyRepository studies, StudyPlans plans, StudyPlanner planner, JobService jobs, JobSpecResolver resolver, Clock clock,
            StudyFeed feed, Quotas quotas) {
        this.feed = feed;
        this.quotas = quotas;
        this.studies = studies;
        this.plans = plans;
        this.planner = planner;
        this.jobs = jobs;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** Advances the study if it is in progress; a no-op otherwise. */
    @Transactional
    public void advance(UUID id) {
        Study study = studies.lock(id).orElse(null);
        if (study == null || study.getStatus().finished()) {
            return;
        }
        StudyPlan plan = plans.of(study);
        while (true) {
            ScoredTrials trials = ScoredTrials.of(jobs, study.getId(), plan);
            long failed = trials.count(JobStatus.FAILED);
            if (failed > plan.maxFailedTrials()) {
                String last = trials.all().stream().filter(t -> t.job().status() == JobStatus.FAILED).reduce((a, b) -> b)
                        .map(t -> "trial " + t.number() + ": " + t.job().error().type() + ": " + t.job().error().message()).orElse("");
                end(study, trials, StudyStatus.FAILED, failed + (failed == 1 ? " trial" : " trials") + " failed, more than maxFailedTrials (" + plan.maxFailedTrials()
                        + "); the other trials were cancelled. Last failure, " + last);
                return;
            }
            int stage = study.getStage();
            StudyPlan.Stage definition = plan.stage(stage);
            List<ScoredTrials.Scored> inStage = trials.inStage(stage);
            // The study's own limit, and its key's over all its studies (maxRunningTrials).
            long room = Math.min(plan.maxConcurrentTrials() - trials.unfinished(),
                    quotas.of(owner(study)).maxRunningTrials() - jobs.activeTrials(study.getOwner()));
            int created = inStage.size();
            int next = trials.all().size() + 1;
            while (created < definition.trials() && room > 0) {
                createTrial(study, plan, trials, stage, created, next);
                created++;
                next++;
                room--;
            }
            // Trials created just now are not in inStage: the stage is done only when all of its trials existed and ended.
            if (inStage.size() < definition.trials() || inStage.stream().anyMatch(t -> !t.finished())) {
                return;
            }
            // Every trial of this stage has ended. Once the search is over, the repeats retrain its best: there must be one.
            if (stage + 1 >= plan.stages().size() && trials.ranked().isEmpty()) {
                end(study, trials, StudyStatus.FAILED, "No trial finished an epoch, so there is no best trial; see the trials' errors.");
                return;
            }
            if (stage < plan.lastStage()) {
                List<SearchSpace> spaces = new ArrayList<>(plans.stages(study));
                if (stage + 1 < plan.stages().size()) {
                    List<Map<String, Object>> kept = trials.topOfStage(stage, definition.keepTop()).stream()
                            .map(t -> t.job().trial().params()).toList();
                    spaces.add(Narrowing.narrow(spaces.get(stage), kept));
                } else {
                    spaces.add(spaces.get(stage));
                }
                String stagesJson = plans.stagesJson(spaces);
                study = update(id, s -> s.nextStage(stagesJson));
                log.info("Study {}: stage {} done; stage {} begins", id, stage, stage + 1);
                continue;
            }
            end(study, trials, StudyStatus.SUCCEEDED, null);
            return;
        }
    }


    /** The study's key as a caller, for its quotas (the conductor runs outside any request). */
    private static Caller owner(Study study) {
        return study.getOwner() == null ? Caller.SYSTEM : new Caller(study.getOwner(), "owner", Role.USER);
    }

    private void createTrial(Study study, StudyPlan plan, ScoredTrials trials, int stage, int index, int number) {
        Map<String, Object> params;
        Long seed = null;
        if (stage == plan.repeatStage()) {
            params = trials.ranked().get(0).job().trial().params();
            seed = plan.base().seed() + index + 1;
        } else if (plan.grid()) {
            params = plan.space().grid().get(index);
        } else {
            params = plans.stages(study).get(stage).sample(plan.seed(), stage, index);
        }
        JobSpec spec = planner.trialSpec(plan, number, stage, params, seed);
        feed.changed(study.getId());
        try {
            AcceptedSpec accepted = resolver.resolve(spec);
            jobs.submitTrial(accepted, study.getId(), number, stage, params, study.getOwner());
        } catch (InvalidSpecException e) {
            // A combination the up-front check of each range's ends could not foresee: the trial
            // is kept, FAILED with the reason, and counts towards maxFailedTrials.
            String why = e.violations().stream().map(v -> v.pointer() + ": " + v.message()).collect(Collectors.joining(" "));
            jobs.submitFailedTrial(spec, study.getId(), number, stage, params, "The sampled job spec is invalid: " + why, study.getOwner());
        }
    }

    private void end(Study study, ScoredTrials trials, StudyStatus outcome, String message) {
        for (ScoredTrials.Scored t : trials.all()) {
            if (!t.finished()) {
                try {
                    jobs.cancel(t.job().id());
                } catch (JobConflictException alreadyFinished) {
                    // It ended meanwhile.
                }
            }
        }
        update(study.getId(), s -> s.finish(outcome, message, clock.instant()));
        log.info("Study {} {}{}", study.getId(), outcome, message == null ? "" : ": " + message);
    }

    /**
     * Changes the study row through a fresh copy: the job queries this transaction ran clear the
     * persistence context, which detaches the entity read under the lock (the lock itself, a row
     * lock in the database, holds until commit).
     */
    private Study update(UUID id, java.util.function.Consumer<Study> change) {
        Study fresh = studies.findById(id).orElseThrow(() -> new StudyNotFoundException(id));
        change.accept(fresh);
        feed.changed(id);
        return studies.saveAndFlush(fresh);
    }

    /** Cancels the study and its unfinished trials (queued ones at once, running ones at their next batch). */
    @Transactional
    public boolean cancel(UUID id) {
        Study study = studies.lock(id).orElseThrow(() -> new StudyNotFoundException(id));
        if (study.getStatus().finished()) {
            return false;
        }
        end(study, ScoredTrials.of(jobs, study.getId(), plans.of(study)), StudyStatus.CANCELLED, "cancelled");
        return true;
    }
}
