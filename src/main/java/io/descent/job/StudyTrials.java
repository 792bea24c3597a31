package io.descent.job;

import java.util.List;
import java.util.UUID;

/**
 * What other features may ask of studies without depending on them (the study package depends
 * on jobs, not the reverse): the best trials of a study by its own objective.
 */
public interface StudyTrials {

    /**
     * The job ids of the {@code k} best finished trials of {@code studyId}, best first, that have
     * a usable model (at least one finished epoch).
     *
     * @throws io.descent.system.ProblemException (404) when there is no such study
     */
    List<UUID> best(UUID studyId, int k);
}
