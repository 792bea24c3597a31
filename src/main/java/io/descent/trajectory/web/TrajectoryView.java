package io.descent.trajectory.web;

import java.util.List;

/**
 * steps + 1 points (the start first) and the function's value at each; fewer when the run diverged.
 *
 * @param divergedAtStep the update after which values stopped being finite, null otherwise
 * @param grid the function's values on the requested grid; null when none was asked for
 */
record TrajectoryView(List<double[]> points, List<Double> values, Integer divergedAtStep, GridView grid) {}
