package io.descent.trajectory.web;

import io.descent.training.catalog.Violations;
import io.descent.training.trajectory.TestFunction;
import java.util.List;

/**
 * Asks for the function's values on a grid, to draw its contours under the trajectories.
 *
 * @param x the grid's first coordinate range, [low, high]
 * @param y the second coordinate range, [low, high]
 * @param size points along each axis, 2 to {@value #MAX_SIZE}; default {@value #DEFAULT_SIZE}
 */
record GridRequest(List<Double> x, List<Double> y, Integer size) {

    static final int DEFAULT_SIZE = 60;
    static final int MAX_SIZE = 200;

    int points() {
        return size == null ? DEFAULT_SIZE : size;
    }

    /** Adds what is wrong with this grid for {@code f} (null when the function itself is invalid). */
    void check(TestFunction f, Violations violations) {
        if (f != null && f.dimensions() != 2) {
            violations.add("/grid", "A grid is drawn for functions of 2 coordinates; this one takes " + f.dimensions() + ".");
        }
        range(x, "/grid/x", violations);
        range(y, "/grid/y", violations);
        if (points() < 2 || points() > MAX_SIZE) {
            violations.add("/grid/size", "\"size\" must be from 2 to " + MAX_SIZE + "; got " + points() + ".");
        }
    }

    private static void range(List<Double> range, String pointer, Violations violations) {
        if (range == null || range.size() != 2 || range.get(0) == null || range.get(1) == null) {
            violations.add(pointer, "Give the range as [low, high], e.g. [-2.0, 2.0].");
        } else if (!within(range.get(0)) || !within(range.get(1)) || range.get(0) >= range.get(1)) {
            violations.add(pointer, "\"low\" must be below \"high\", both finite within ±" + TrajectoryController.MAX_COORDINATE
                    + "; got " + range + ".");
        }
    }

    private static boolean within(double v) {
        return Double.isFinite(v) && Math.abs(v) <= TrajectoryController.MAX_COORDINATE;
    }
}
