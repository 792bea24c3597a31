package io.descent.training.trajectory;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.descent.training.EpochMetrics;
import io.descent.training.catalog.Configured;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.ParameterUpdater;
import io.descent.training.optim.TrainableParameter;
import io.descent.training.schedule.LearningRateSchedule;
import io.descent.training.schedule.ScheduleChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an optimizer on a test function through the very updater a training job uses: the point is
 * a float32 tensor, its gradient comes from the function's analytic derivative. Each update counts
 * as one epoch of one step for the schedule.
 */
public final class TrajectoryRunner {

    private TrajectoryRunner() {}

    public static Trajectory run(TestFunction function, double[] start, int steps, Configured<OptimizerDefinition> optimizer,
            ScheduleChoice schedule, NDManager parent) {
        List<double[]> points = new ArrayList<>(steps + 1);
        List<Double> values = new ArrayList<>(steps + 1);
        try (NDManager manager = parent.newSubManager();
                ParameterUpdater updater = optimizer.definition().create(optimizer.params(), manager)) {
            NDArray point = manager.create(start).toType(DataType.FLOAT32, false);
            LearningRateSchedule rates = schedule.create(optimizer.params().number("lr"), 1);
            double[] x = toDoubles(point);
            points.add(x);
            values.add(function.value(x));
            for (int t = 0; t < steps; t++) {
                double rate = rates.learningRate(t, 0);
                try (NDManager step = manager.newSubManager()) {
                    NDArray gradient = step.create(function.gradient(x)).toType(DataType.FLOAT32, false);
                    updater.step(List.of(new TrainableParameter("x", point, gradient, false)), rate);
                }
                x = toDoubles(point);
                double value = function.value(x);
                if (!Double.isFinite(value)) {
                    return new Trajectory(points, values, t + 1);
                }
                points.add(x);
                values.add(value);
                rates.epochFinished(new EpochMetrics(t + 1, value, null, value, null, rate, 0, 0, 0, 0));
            }
        }
        return new Trajectory(points, values, null);
    }

    private static double[] toDoubles(NDArray array) {
        float[] f = array.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
