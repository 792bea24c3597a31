package io.descent.study.web;

import io.descent.study.BoundaryWarnings;
import io.descent.study.StudyRequest;
import io.descent.study.StudySnapshot;
import io.descent.study.StudyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A study on the wire.
 *
 * @param spec the request with every default filled in
 * @param counts trials per job status (queued, running, succeeded, failed, cancelled, pruned)
 * @param trials the declared number of trials, repeats included
 * @param trialEpochs epochs trained across all trials so far
 * @param stage the stage trials are being created for, from 0
 * @param stages each stage with its ranges (null until it starts) and state
 * @param best the best trial so far by the objective (repeats excluded)
 * @param warnings best values on the edge of their declared range
 * @param repeat the best configuration retrained with more seeds: values, mean and sample std
 * @param preflight the sanity checks run on the base before the first stage; null when turned off
 */
record StudyView(UUID id, String name, StudyStatus status, StudyRequest spec, Instant createdAt, Instant finishedAt, String error,
        int stage, Map<String, Long> counts, int trials, int trialEpochs, StudySnapshot.Best best, List<StudySnapshot.Stage> stages,
        List<BoundaryWarnings.Warning> warnings, StudySnapshot.Repeat repeat, Double etaSeconds, Object preflight) {

    static StudyView of(StudySnapshot s) {
        return new StudyView(s.id(), s.name(), s.status(), s.spec(), s.createdAt(), s.finishedAt(), s.error(), s.stage(), s.counts(),
                s.trials(), s.trialEpochs(), s.best(), s.stages(), s.warnings(), s.repeat(), s.etaSeconds(), s.preflight());
    }
}
