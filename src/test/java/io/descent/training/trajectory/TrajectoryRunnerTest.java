package io.descent.training.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.descent.support.Tensors;
import io.descent.training.catalog.Violations;
import io.descent.training.optim.Optimizers;
import io.descent.training.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The classic pictures of training-reference.md, checked against hand-computed updates. */
class TrajectoryRunnerTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private Trajectory run(Map<String, Object> optimizer, Map<String, Object> function, double[] start, int steps) {
        Violations v = new Violations();
        var f = Functions.CATALOG.resolve(function, "", v).orElseThrow();
        return TrajectoryRunner.run(f.definition().create(f.params()), start, steps,
                Optimizers.CATALOG.resolve(optimizer, "", v).orElseThrow(), Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(),
                manager);
    }

    private static final Map<String, Object> ELLIPSE = Map.of("type", "quadratic", "coefficients", List.of(0.1, 2.0));
    private static final double[] START = {-5, -2};

    @Test
    void sgdZigZagsAcrossTheSteepAxis() {
        // x1 ← x1 − 0.4·0.2·x1 = 0.92·x1 ; x2 ← x2 − 0.4·4·x2 = −0.6·x2
        Trajectory t = run(Map.of("type", "sgd", "lr", 0.4), ELLIPSE, START, 20);
        assertThat(t.points()).hasSize(21);
        assertThat(t.points().get(1)).containsExactly(new double[] {-4.6, 1.2}, within(1e-6));
        assertThat(t.points().get(2)).containsExactly(new double[] {-4.232, -0.72}, within(1e-6));
        for (int i = 1; i < 20; i++) {
            assertThat(Math.signum(t.points().get(i)[1])).isEqualTo(-Math.signum(t.points().get(i - 1)[1]));
        }
        assertThat(t.values().get(0)).isCloseTo(0.1 * 25 + 2 * 4, within(1e-9));
        assertThat(t.values().get(20)).isLessThan(t.values().get(0));
    }

    @Test
    void rmspropEvensOutTheAxes() {
        // s = 0.1·g², step = 0.4·g/(√s + 1e-6) ≈ 0.4/√0.1 on both axes whatever their curvature
        Trajectory t = run(Map.of("type", "rmsprop", "lr", 0.4, "alpha", 0.9, "eps", 1e-6), ELLIPSE, START, 20);
        double step = 0.4 / (Math.sqrt(0.1) + 1e-6 / 1.0);
        assertThat(t.points().get(1)[0]).isCloseTo(-5 + 0.4 * 1 / (Math.sqrt(0.1 * 1) + 1e-6), within(1e-5));
        assertThat(t.points().get(1)[1]).isCloseTo(-2 + 0.4 * 8 / (Math.sqrt(0.1 * 64) + 1e-6), within(1e-5));
        assertThat(step).isGreaterThan(1.2);
    }

    @Test
    void momentumOvershootsTheMinimumOfTheShallowAxis() {
        Trajectory t = run(Map.of("type", "sgd", "lr", 0.4, "momentum", 0.9), ELLIPSE, START, 40);
        assertThat(t.points().stream().mapToDouble(p -> p[0]).max().orElseThrow()).as("x1 crosses 0 from −5").isGreaterThan(0.5);
    }

    @Test
    void adagradStallsWhileRmspropKeepsMoving() {
        Trajectory adagrad = run(Map.of("type", "adagrad", "lr", 0.4), ELLIPSE, START, 40);
        Trajectory rmsprop = run(Map.of("type", "rmsprop", "lr", 0.4, "alpha", 0.9), ELLIPSE, START, 40);
        double adagradLate = Math.abs(adagrad.points().get(40)[0] - adagrad.points().get(30)[0]);
        double adagradEarly = Math.abs(adagrad.points().get(10)[0] - adagrad.points().get(0)[0]);
        assertThat(adagradLate).isLessThan(adagradEarly / 2);
        assertThat(rmsprop.values().get(40)).isLessThan(adagrad.values().get(40));
    }

    @Test
    void aDivergingRunEndsAtTheStepWhereValuesStopBeingFinite() {
        Trajectory t = run(Map.of("type", "sgd", "lr", 1e18), Map.of("type", "quadratic", "coefficients", List.of(1.0)), new double[] {1}, 50);
        assertThat(t.divergedAtStep()).isNotNull();
        assertThat(t.points()).hasSize(t.divergedAtStep());
        assertThat(t.values()).allSatisfy(v -> assertThat(Double.isFinite(v)).isTrue());
    }

    @Test
    void rosenbrockAndBealeGradientsMatchFiniteDifferences() {
        for (Map<String, Object> spec : List.of(Map.<String, Object>of("type", "rosenbrock"), Map.<String, Object>of("type", "beale"))) {
            var f = Functions.CATALOG.resolve(spec, "", new Violations()).orElseThrow();
            TestFunction fn = f.definition().create(f.params());
            double[] x = {0.7, -0.3};
            double[] g = fn.gradient(x);
            for (int i = 0; i < 2; i++) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                assertThat(g[i]).isCloseTo((fn.value(plus) - fn.value(minus)) / 2e-6, within(1e-4));
            }
        }
    }
}
