package io.descent.study;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A study as the web layer sees it, computed from the study row and its trial jobs.
 *
 * @param trials the declared number of trials, repeats included
 * @param trialEpochs epochs trained across all trials so far (the budget spent)
 * @param stages every declared stage, with its ranges once it has started
 * @param warnings best values on the edge of their declared range
 * @param repeat the best configuration retrained with more seeds, once those trials exist
 * @param etaSeconds remaining trial-epochs at the pace so far; null when unknown or finished
 */
public record StudySnapshot(UUID id, String name, StudyStatus status, StudyRequest spec, Instant createdAt, Instant finishedAt,
        String error, int stage, Map<String, Long> counts, int trials, int trialEpochs, Best best, List<Stage> stages,
        List<BoundaryWarnings.Warning> warnings, Repeat repeat, Double etaSeconds, Object preflight) {

    public record Best(UUID job, int trial, int stage, double value, Map<String, Object> params) {}

    /** @param status "pending", "running" or "done" */
    public record Stage(int index, int trials, int epochs, Integer keepTop, String status, Map<String, Object> ranges) {}

    /** @param std the sample standard deviation (n − 1) */
    public record Repeat(List<UUID> jobs, List<Long> seeds, List<Double> values, Double mean, Double std) {}

    /** One trial in the trials list. */
    public record Trial(UUID job, int trial, int stage, String status, Map<String, Object> params, Double objective, int epochs,
            String stopReason, String error) {}
}
