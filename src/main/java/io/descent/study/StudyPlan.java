package io.descent.study;

import io.descent.job.spec.JobSpec;
import java.util.List;

/**
 * A validated study: what it samples, how it judges and prunes trials, and its stages.
 *
 * @param base the job spec every trial starts from, every default filled in
 * @param grid true for grid search (every combination of choices), false for random sampling
 * @param stages at least one; without declared stages, one stage of {@code trials} trials at the base's epochs
 * @param repeatSeeds retrain the best configuration with this many more seeds at the end; 0 for none
 * @param preflight "require", "warn" or "off"
 */
public record StudyPlan(String name, JobSpec base, SearchSpace space, Objective objective, boolean grid, List<Stage> stages,
        Pruner pruner, int maxConcurrentTrials, int maxFailedTrials, int repeatSeeds, long seed, String preflight) {

    /** @param keepTop how many of the stage's best trials decide the next stage's ranges */
    public record Stage(int trials, int epochs, int keepTop) {}

    /** Every trial the study will run, repeats included. */
    public int totalTrials() {
        return stages.stream().mapToInt(Stage::trials).sum() + repeatSeeds;
    }

    /** The stage index of the repeat trials (one past the last declared stage). */
    public int repeatStage() {
        return stages.size();
    }

    /** The stage {@code index}'s definition; the repeat stage trains as long as the last one. */
    public Stage stage(int index) {
        if (index < stages.size()) {
            return stages.get(index);
        }
        Stage last = stages.get(stages.size() - 1);
        return new Stage(repeatSeeds, last.epochs(), 0);
    }

    public int lastStage() {
        return repeatSeeds > 0 ? stages.size() : stages.size() - 1;
    }
}
