package io.descent.model;

import java.util.List;

/** An ensemble's answer: the mean of its members' class probabilities, row by row. */
public final class Ensemble {

    private Ensemble() {}

    /**
     * @param members each member's probabilities [rows][classes], all of one shape
     * @return their mean [rows][classes], summed in double so the order of members does not matter to float32 precision
     */
    public static float[][] average(List<float[][]> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("An ensemble needs at least one member.");
        }
        float[][] first = members.get(0);
        float[][] mean = new float[first.length][];
        for (int i = 0; i < first.length; i++) {
            double[] sum = new double[first[i].length];
            for (float[][] member : members) {
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += member[i][c];
                }
            }
            mean[i] = new float[sum.length];
            for (int c = 0; c < sum.length; c++) {
                mean[i][c] = (float) (sum[c] / members.size());
            }
        }
        return mean;
    }
}
