package io.descent.trajectory.web;

import io.descent.training.trajectory.TestFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The function on an evenly spaced grid: {@code values.get(j).get(i)} is f(x[i], y[j]), null where
 * it is not finite (JSON has no infinity). Computed in double precision from the same function the
 * trajectory descends, so the contours and the path agree.
 */
record GridView(double[] x, double[] y, List<List<Double>> values) {

    static GridView of(TestFunction f, GridRequest grid) {
        double[] x = axis(grid.x(), grid.points());
        double[] y = axis(grid.y(), grid.points());
        List<List<Double>> values = new ArrayList<>(y.length);
        for (double yj : y) {
            List<Double> row = new ArrayList<>(x.length);
            for (double xi : x) {
                double v = f.value(new double[] {xi, yj});
                row.add(Double.isFinite(v) ? v : null);
            }
            values.add(row);
        }
        return new GridView(x, y, values);
    }

    private static double[] axis(List<Double> range, int points) {
        double low = range.get(0);
        double step = (range.get(1) - low) / (points - 1);
        double[] axis = new double[points];
        Arrays.setAll(axis, i -> i == points - 1 ? range.get(1) : low + i * step);
        return axis;
    }
}
