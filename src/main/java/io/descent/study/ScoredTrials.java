package io.descent.study;

import io.descent.job.JobSnapshot;
import io.descent.job.JobStatus;
import io.descent.training.EpochMetrics;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/** A study's trials with their objectives, computed from the jobs and their epoch rows. */
final class ScoredTrials {

    record Scored(JobSnapshot job, List<EpochMetrics> epochs, OptionalDouble objective) {
        int number() {
            return job.trial().number();
        }

        int stage() {
            return job.trial().stage();
        }

        boolean finished() {
            return job.status().finished();
        }
    }

    private final List<Scored> all;
    private final Objective objective;
    private final int repeatStage;

    /** A study's trials as the database has them now: two queries, the trial jobs and their epoch rows. */
    static ScoredTrials of(io.descent.job.JobService jobs, UUID study, StudyPlan plan) {
        return new ScoredTrials(jobs.trials(study), jobs.trialMetrics(study), plan.objective(), plan.repeatStage());
    }

    ScoredTrials(List<JobSnapshot> trials, Map<UUID, List<EpochMetrics>> metrics, Objective objective, int repeatStage) {
        this.objective = objective;
        this.repeatStage = repeatStage;
        this.all = trials.stream().map(t -> {
            List<EpochMetrics> e = metrics.getOrDefault(t.id(), List.of());
            return new Scored(t, e, objective.of(e));
        }).toList();
    }

    List<Scored> all() {
        return all;
    }

    List<Scored> inStage(int stage) {
        return all.stream().filter(s -> s.stage() == stage).toList();
    }

    long count(JobStatus status) {
        return all.stream().filter(s -> s.job().status() == status).count();
    }

    long unfinished() {
        return all.stream().filter(s -> !s.finished()).count();
    }

    /** Best objective first; trials without one last, by number. */
    Comparator<Scored> byObjective() {
        Comparator<Double> values = objective.bestFirst();
        return (a, b) -> {
            if (a.objective().isPresent() && b.objective().isPresent()) {
                int c = values.compare(a.objective().getAsDouble(), b.objective().getAsDouble());
                return c != 0 ? c : Integer.compare(a.number(), b.number());
            }
            if (a.objective().isPresent() != b.objective().isPresent()) {
                return a.objective().isPresent() ? -1 : 1;
            }
            return Integer.compare(a.number(), b.number());
        };
    }

    /**
     * The stage's best trials for narrowing: those that trained further first (a trial the pruner
     * let through outranks one it stopped, as in successive halving), then by objective.
     */
    List<Scored> topOfStage(int stage, int k) {
        return inStage(stage).stream().filter(s -> s.objective().isPresent())
                .sorted(Comparator.comparingInt((Scored s) -> -s.epochs().size()).thenComparing(byObjective())).limit(k).toList();
    }

    /** The searched trials (not the repeats) with an objective, best first. */
    List<Scored> ranked() {
        return all.stream().filter(s -> s.stage() != repeatStage && s.objective().isPresent()).sorted(byObjective()).toList();
    }

    /** Every trial with an objective, repeats included, best first: the models an ensemble of the best draws on. */
    List<Scored> rankedWithRepeats() {
        return all.stream().filter(s -> s.objective().isPresent()).sorted(byObjective()).toList();
    }

    List<Scored> repeats() {
        return all.stream().filter(s -> s.stage() == repeatStage).toList();
    }
}
