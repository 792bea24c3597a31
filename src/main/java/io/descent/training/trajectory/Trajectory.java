package io.descent.training.trajectory;

import java.util.List;

/**
 * Where an optimizer went: {@code points.get(0)} is the start, then one point per update.
 *
 * @param values the function at each point
 * @param divergedAtStep the update after which a coordinate or the value stopped being finite (the
 *     trajectory ends there), null when every step stayed finite
 */
public record Trajectory(List<double[]> points, List<Double> values, Integer divergedAtStep) {}
