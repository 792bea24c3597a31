package io.descent.study;

import java.util.List;

/**
 * A study as its stream shows it: the study, and each trial with its curve.
 *
 * @param trials by trial number
 */
public record StudyLive(StudySnapshot study, List<Series> trials) {

    /** @param values the objective's metric after each finished epoch (index 0 is epoch 1); null where it was not finite */
    public record Series(StudySnapshot.Trial trial, List<Double> values) {}
}
