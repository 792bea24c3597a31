package io.descent.trajectory.web;

import java.util.List;
import java.util.Map;

/**
 * @param function {"type": "quadratic", "coefficients": [...]}, {"type": "rosenbrock"}, {"type": "beale"}
 * @param start the first point, one coordinate per dimension of the function
 * @param optimizer the same object a job spec takes
 * @param schedule optional; each update counts as one epoch
 * @param grid optional; the function's values on this grid come back with the trajectory (for contours)
 */
record TrajectoryRequest(Map<String, Object> function, List<Double> start, Integer steps, Map<String, Object> optimizer,
        Map<String, Object> schedule, GridRequest grid) {}
