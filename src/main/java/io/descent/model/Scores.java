package io.descent.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Scores of a model's (or an ensemble's) outputs against the truth: host arrays in, numbers out. */
public final class Scores {

    /** Probabilities below this count as this in log-loss, so that one confident mistake stays finite. */
    static final double MIN_PROBABILITY = 1e-12;

    private Scores() {}

    /** Index of the largest value; the first one on a tie. */
    public static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Fraction of rows whose most probable class is the true one, 0 to 1. */
    public static double accuracy(float[][] probabilities, long[] truth) {
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += argMax(probabilities[i]) == truth[i] ? 1 : 0;
        }
        return correct / (double) truth.length;
    }

    /** Mean of −log p(true class), with p clamped at {@link #MIN_PROBABILITY}. */
    public static double logLoss(float[][] probabilities, long[] truth) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(Math.max(MIN_PROBABILITY, probabilities[i][(int) truth[i]]));
        }
        return sum / truth.length;
    }

    /** Counts by [true class][predicted class]. */
    public static List<List<Long>> confusionMatrix(float[][] probabilities, long[] truth, int classes) {
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            counts[(int) truth[i]][argMax(probabilities[i])]++;
        }
        List<List<Long>> matrix = new ArrayList<>(classes);
        for (long[] row : counts) {
            matrix.add(Arrays.stream(row).boxed().toList());
        }
        return matrix;
    }

    /** A regression's mean absolute and root-mean-squared errors of single-value outputs [n][1]. */
    public static Errors errors(float[][] values, float[] truth) {
        double abs = 0;
        double sq = 0;
        for (int i = 0; i < truth.length; i++) {
            double e = values[i][0] - truth[i];
            abs += Math.abs(e);
            sq += e * e;
        }
        return new Errors(abs / truth.length, Math.sqrt(sq / truth.length));
    }

    public record Errors(double meanAbsolute, double rootMeanSquared) {}
}
