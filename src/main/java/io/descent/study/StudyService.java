package io.descent.study;

import io.descent.access.Caller;
import io.descent.access.Callers;
import io.descent.access.Quotas;
import io.descent.job.JobService;
import io.descent.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** What API clients can do with studies: create, look, list trials, cancel, delete. */
@Service
public class StudyService {

    private final StudyRepository studies;
    private final StudyPlanner planner;
    private final StudyPlans plans;
    private final StudyConductor conductor;
    private final StudyPreflight preflight;
    private final JobService jobs;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final StudyFeed feed;
    private final Quotas quotas;

    StudyService(StudyRepository studies, StudyPlanner planner, StudyPlans plans, StudyConductor conductor, StudyPreflight preflight,
            JobService jobs, TransactionTemplate transactions, Clock clock, StudyFeed feed, Quotas quotas) {
        this.feed = feed;
        this.quotas = quotas;
        this.studies = studies;
        this.planner = planner;
        this.plans = plans;
        this.conductor = conductor;
        this.preflight = preflight;
        this.jobs = jobs;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Checks the request, runs the preflight checks on its base (unless {@code "preflight": "off"}),
     * stores the study and queues its first trials, all before returning.
     *
     * @throws StudyInvalidException with every problem; nothing is stored then
     */
    public StudySnapshot create(StudyRequest request) {
        StudyPlan plan = planner.plan(request);
        Caller caller = Callers.current();
        Quotas.check("maxRunningTrials", quotas.of(caller).maxRunningTrials(), 0, plan.maxConcurrentTrials(), "study trials queued or running at once",
                "Ask for at most that many with \"maxConcurrentTrials\" (this study asks for " + plan.maxConcurrentTrials()
                        + "); trials beyond it wait their turn.");
        Object checks = preflight.check(plan);
        StudyRequest canonical = planner.canonical(request, plan);
        UUID id = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            Study study = new Study(id, plan.name(), plans.toJson(canonical), plans.stagesJson(List.of(plan.space())),
                    checks == null ? null : plans.toJson(checks), clock.instant());
            study.ownedBy(caller.owner());
            studies.saveAndFlush(study);
            conductor.advance(id);
        });
        return get(id);
    }

    public StudySnapshot get(UUID id) {
        Study study = visible(id);
        return snapshot(study);
    }

    public Page<StudySnapshot> list(StudyStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by("id")));
        Caller caller = Callers.current();
        Page<Study> result = caller.admin() ? (status == null ? studies.findAll(request) : studies.findByStatus(status, request))
                : status == null ? studies.findByOwner(caller.owner(), request) : studies.findByOwnerAndStatus(caller.owner(), status, request);
        return result.map(this::snapshot);
    }

    /** @param sort "trial" (by number) or "objective" (best first, trials without one last) */
    public List<StudySnapshot.Trial> trials(UUID id, String sort) {
        Study study = visible(id);
        StudyPlan plan = plans.of(study);
        ScoredTrials trials = ScoredTrials.of(jobs, study.getId(), plan);
        List<ScoredTrials.Scored> ordered = new ArrayList<>(trials.all());
        if ("objective".equals(sort)) {
            ordered.sort(trials.byObjective());
        }
        return ordered.stream().map(StudyService::trial).toList();
    }

    /**
     * The study and every trial with its objective metric per epoch, from one read of the trials:
     * what a study's stream shows.
     */
    public StudyLive live(UUID id) {
        Study study = visible(id);
        StudyPlan plan = plans.of(study);
        ScoredTrials trials = ScoredTrials.of(jobs, study.getId(), plan);
        io.descent.training.Monitor metric = plan.objective().metric();
        List<StudyLive.Series> series = trials.all().stream().map(t -> new StudyLive.Series(trial(t), t.epochs().stream().map(e -> {
            double v = metric.value(e);
            // JSON has no NaN: a diverged epoch's value is left out of the curve.
            return Double.isFinite(v) ? v : null;
        }).toList())).toList();
        return new StudyLive(snapshot(study, plan, trials), series);
    }

    private static StudySnapshot.Trial trial(ScoredTrials.Scored t) {
        return new StudySnapshot.Trial(t.job().id(), t.number(), t.stage(), t.job().status().name(),
                t.job().trial().params(), t.objective().isPresent() ? t.objective().getAsDouble() : null, t.epochs().size(),
                t.job().stopReason(), t.job().error() == null ? null : t.job().error().type() + ": " + t.job().error().message());
    }

    /**
     * The k best trials with a model, best first: the repeats of the best configuration count too
     * (same configuration, other seeds: the ensemble members the reference names first).
     */
    public List<UUID> best(UUID id, int k) {
        Study study = visible(id);
        return ScoredTrials.of(jobs, study.getId(), plans.of(study)).rankedWithRepeats().stream().limit(k).map(t -> t.job().id()).toList();
    }

    /** @throws StudyConflictException when the study has already finished */
    public StudySnapshot cancel(UUID id) {
        visible(id);
        if (!conductor.cancel(id)) {
            throw new StudyConflictException("Study " + id + " has already finished (" + get(id).status() + "); there is nothing to cancel.");
        }
        return get(id);
    }

    /** Deletes a finished study with its trials, their metrics and checkpoints. */
    public void delete(UUID id) {
        transactions.executeWithoutResult(status -> {
            Study study = studies.lock(id).filter(s -> Callers.current().sees(s.getOwner())).orElseThrow(() -> new StudyNotFoundException(id));
            if (!study.getStatus().finished()) {
                throw new StudyConflictException("Study " + id + " is RUNNING; cancel it first (POST /api/v1/studies/" + id
                        + "/cancel), then delete it.");
            }
            List<io.descent.job.JobSnapshot> trials = jobs.trials(id);
            if (trials.stream().anyMatch(t -> !t.status().finished())) {
                throw new StudyConflictException("Study " + id + " still has trials stopping after its cancel; try again in a few seconds.");
            }
            trials.forEach(t -> jobs.delete(t.id()));
            studies.delete(study);
            // Its streams end.
            feed.changed(id);
        });
        plans.forget(id);
    }


    /** The study, unless it belongs to another key: then, as for no study, a 404 (ids do not leak). */
    private Study visible(UUID id) {
        return studies.findById(id).filter(s -> Callers.current().sees(s.getOwner())).orElseThrow(() -> new StudyNotFoundException(id));
    }

    private StudySnapshot snapshot(Study study) {
        StudyPlan plan = plans.of(study);
        return snapshot(study, plan, ScoredTrials.of(jobs, study.getId(), plan));
    }

    private StudySnapshot snapshot(Study study, StudyPlan plan, ScoredTrials trials) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobStatus s : JobStatus.values()) {
            counts.put(s.name().toLowerCase(), trials.count(s));
        }
        int trialEpochs = trials.all().stream().mapToInt(t -> t.job().completedEpochs()).sum();
        List<ScoredTrials.Scored> ranked = trials.ranked();
        StudySnapshot.Best best = ranked.isEmpty() ? null : best(ranked.get(0));
        List<SearchSpace> spaces = plans.stages(study);
        List<StudySnapshot.Stage> stages = new ArrayList<>();
        for (int i = 0; i <= plan.lastStage(); i++) {
            StudyPlan.Stage s = plan.stage(i);
            String state = i < study.getStage() || (i == study.getStage() && study.getStatus() == StudyStatus.SUCCEEDED) ? "done"
                    : i == study.getStage() && !study.getStatus().finished() ? "running" : i > study.getStage() ? "pending" : "stopped";
            Map<String, Object> ranges = null;
            if (i < spaces.size()) {
                ranges = new LinkedHashMap<>();
                for (Map.Entry<String, Distribution> d : spaces.get(i).dimensions().entrySet()) {
                    ranges.put(d.getKey(), Distributions.toJson(d.getValue()));
                }
            }
            stages.add(new StudySnapshot.Stage(i, s.trials(), s.epochs(), i < plan.stages().size() && i < plan.stages().size() - 1
                    ? s.keepTop() : null, state, ranges));
        }
        List<BoundaryWarnings.Warning> warnings = best == null ? List.of() : BoundaryWarnings.of(plan.space(), best.params());
        return new StudySnapshot(study.getId(), study.getName(), study.getStatus(), plans.request(study), study.getCreatedAt(),
                study.getFinishedAt(), study.getErrorMessage(), study.getStage(), counts, plan.totalTrials(), trialEpochs, best, stages,
                warnings, repeat(trials), eta(study, plan, trials), study.getPreflightJson() == null ? null
                        : plans.readTree(study.getPreflightJson()));
    }

    private static StudySnapshot.Best best(ScoredTrials.Scored t) {
        return new StudySnapshot.Best(t.job().id(), t.number(), t.stage(), t.objective().getAsDouble(), t.job().trial().params());
    }

    private static StudySnapshot.Repeat repeat(ScoredTrials trials) {
        List<ScoredTrials.Scored> repeats = trials.repeats();
        if (repeats.isEmpty()) {
            return null;
        }
        List<Double> values = repeats.stream().filter(t -> t.objective().isPresent()).map(t -> t.objective().getAsDouble()).toList();
        Double mean = values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Double std = values.size() < 2 ? null : Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1));
        return new StudySnapshot.Repeat(repeats.stream().map(t -> t.job().id()).toList(), repeats.stream().map(t -> t.job().spec().seed()).toList(),
                values, mean, std);
    }

    /**
     * Trial-epochs left (unstarted trials at their stage's epochs, running ones' remaining epochs)
     * at the mean wall time per trial-epoch so far, divided among the trials that run at once.
     */
    private Double eta(Study study, StudyPlan plan, ScoredTrials trials) {
        if (study.getStatus().finished()) {
            return null;
        }
        Instant now = clock.instant();
        double seconds = 0;
        int epochs = 0;
        for (ScoredTrials.Scored t : trials.all()) {
            if (t.job().startedAt() != null && t.job().completedEpochs() > 0) {
                Instant end = t.job().finishedAt() != null ? t.job().finishedAt() : now;
                seconds += Duration.between(t.job().startedAt(), end).toMillis() / 1000.0;
                epochs += t.job().completedEpochs();
            }
        }
        if (epochs == 0) {
            return null;
        }
        long left = 0;
        for (int i = study.getStage(); i <= plan.lastStage(); i++) {
            List<ScoredTrials.Scored> inStage = trials.inStage(i);
            int declared = plan.stage(i).trials();
            left += (long) Math.max(0, declared - inStage.size()) * plan.stage(i).epochs();
            for (ScoredTrials.Scored t : inStage) {
                if (!t.finished()) {
                    left += Math.max(0, t.job().totalEpochs() - t.job().completedEpochs());
                }
            }
        }
        long running = Math.max(1, trials.all().stream().filter(t -> t.job().status() == JobStatus.RUNNING).count());
        return seconds / epochs * left / running;
    }
}
