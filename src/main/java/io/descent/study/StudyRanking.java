package io.descent.study;

import io.descent.job.StudyTrials;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Lets ensembles name "the k best trials of a study" without depending on studies. */
@Component
class StudyRanking implements StudyTrials {

    private final StudyService studies;

    StudyRanking(StudyService studies) {
        this.studies = studies;
    }

    @Override
    public List<UUID> best(UUID studyId, int k) {
        return studies.best(studyId, k);
    }
}
