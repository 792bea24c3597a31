package io.descent.training.trajectory;

/** A differentiable function of a point, for drawing optimizer trajectories. */
public interface TestFunction {

    /** Number of coordinates a point must have. */
    int dimensions();

    double value(double[] x);

    double[] gradient(double[] x);
}
