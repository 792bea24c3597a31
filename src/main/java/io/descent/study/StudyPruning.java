package io.descent.study;

import io.descent.job.JobService;
import io.descent.job.JobSnapshot;
import io.descent.job.TrialPruning;
import io.descent.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The study's pruner, asked by the worker after each epoch of a trial: compares the trial with the
 * other trials of its stage that reached the same epoch, as the database has them now (so every
 * node's trials count, wherever they trained). Repeats of the best configuration are never pruned.
 */
@Component
class StudyPruning implements TrialPruning {

    private final StudyRepository studies;
    private final StudyPlans plans;
    private final JobService jobs;

    StudyPruning(StudyRepository studies, StudyPlans plans, JobService jobs) {
        this.studies = studies;
        this.plans = plans;
        this.jobs = jobs;
    }

    @Override
    public Optional<String> check(UUID job, JobSnapshot.Trial trial, EpochMetrics epoch, int totalEpochs) {
        Study study = studies.findById(trial.study()).orElse(null);
        if (study == null || study.getStatus().finished()) {
            return Optional.empty();
        }
        StudyPlan plan = plans.of(study);
        if (plan.pruner() instanceof Pruner.None || trial.stage() == plan.repeatStage()) {
            return Optional.empty();
        }
        // One query for the stage's first epochs: the cost stays with the stage's size, not the study's.
        Map<UUID, List<EpochMetrics>> stage = jobs.stageMetrics(trial.study(), trial.stage(), epoch.epoch());
        List<Double> peers = new ArrayList<>();
        OptionalDouble own = OptionalDouble.empty();
        for (Map.Entry<UUID, List<EpochMetrics>> other : stage.entrySet()) {
            if (other.getValue().size() < epoch.epoch()) {
                continue;
            }
            OptionalDouble value = plan.objective().after(other.getValue(), epoch.epoch());
            if (other.getKey().equals(job)) {
                own = value;
            } else {
                value.ifPresent(peers::add);
            }
        }
        if (own.isEmpty()) {
            own = OptionalDouble.of(plan.objective().metric().value(epoch));
        }
        return plan.pruner().decide(epoch.epoch(), own.getAsDouble(), peers, plan.objective());
    }
}
