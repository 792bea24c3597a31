package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest {

    private static final float[][] PROBABILITIES = {{0.7f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.6f}, {0.4f, 0.4f, 0.2f}, {0f, 1f, 0f}};
    private static final long[] TRUTH = {0, 1, 1, 1};

    @Test
    void argMaxTakesTheFirstOfATie() {
        assertThat(Scores.argMax(new float[] {0.4f, 0.4f, 0.2f})).isZero();
        assertThat(Scores.argMax(new float[] {0.1f, 0.3f, 0.6f})).isEqualTo(2);
    }

    @Test
    void accuracyCountsRowsWhoseMostProbableClassIsTheTruth() {
        assertThat(Scores.accuracy(PROBABILITIES, TRUTH)).isEqualTo(0.5);
    }

    @Test
    void logLossIsTheMeanNegativeLogOfTheTrueClassesProbability() {
        double expected = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.4) + Math.log(1.0)) / 4;
        assertThat(Scores.logLoss(PROBABILITIES, TRUTH)).isCloseTo(expected, within(1e-6));
        assertThat(Scores.logLoss(new float[][] {{1f, 0f}}, new long[] {1})).as("a zero probability stays finite")
                .isCloseTo(-Math.log(Scores.MIN_PROBABILITY), within(1e-9));
    }

    @Test
    void theConfusionMatrixHasTrueClassesAsRowsAndPredictionsAsColumns() {
        assertThat(Scores.confusionMatrix(PROBABILITIES, TRUTH, 3))
                .containsExactly(List.of(1L, 0L, 0L), List.of(1L, 1L, 1L), List.of(0L, 0L, 0L));
    }

    @Test
    void regressionErrorsAreMeanAbsoluteAndRootMeanSquared() {
        Scores.Errors errors = Scores.errors(new float[][] {{1f}, {2f}, {5f}}, new float[] {1f, 4f, 1f});
        assertThat(errors.meanAbsolute()).isCloseTo(2.0, within(1e-9));
        assertThat(errors.rootMeanSquared()).isCloseTo(Math.sqrt(20.0 / 3), within(1e-9));
    }

    @Test
    void anEnsembleIsTheMeanOfItsMembersProbabilities() {
        float[][] a = {{1f, 0f}, {0.5f, 0.5f}};
        float[][] b = {{0f, 1f}, {0.25f, 0.75f}};
        float[][] c = {{0.5f, 0.5f}, {0.75f, 0.25f}};
        float[][] mean = Ensemble.average(List.of(a, b, c));
        assertThat(mean[0]).containsExactly(0.5f, 0.5f);
        assertThat(mean[1]).containsExactly(0.5f, 0.5f);
        assertThat(Ensemble.average(List.<float[][]>of(a))[1]).containsExactly(0.5f, 0.5f);
        assertThatThrownBy(() -> Ensemble.average(List.<float[][]>of())).isInstanceOf(IllegalArgumentException.class);
    }
}
