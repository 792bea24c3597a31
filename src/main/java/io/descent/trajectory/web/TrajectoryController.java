package io.descent.trajectory.web;

import ai.djl.ndarray.NDManager;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.Monitor;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.Optimizers;
import io.descent.training.schedule.ScheduleChoice;
import io.descent.training.schedule.Schedules;
import io.descent.training.trajectory.FunctionDefinition;
import io.descent.training.trajectory.Functions;
import io.descent.training.trajectory.TestFunction;
import io.descent.training.trajectory.Trajectory;
import io.descent.training.trajectory.TrajectoryRunner;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs any optimizer spec on a 2-D (or n-D) test function and returns the points, to see how
 * optimizers and schedules behave (SGD zig-zag, momentum overshoot, AdaGrad stalling...), and on
 * request the function on a grid for contours (the dashboard's playground draws both).
 * Independent of the job queue: the updates are a few tensor operations, not a training run.
 */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class TrajectoryController {

    static final int MAX_STEPS = 10_000;
    static final int DEFAULT_STEPS = 20;
    /** Points are float32 tensors. */
    static final double MAX_COORDINATE = 1e30;

    @PostMapping(value = "/api/v1/optimizer-trajectories", consumes = MediaType.APPLICATION_JSON_VALUE)
    TrajectoryView run(@RequestBody TrajectoryRequest request) {
        Violations violations = new Violations();
        Optional<Configured<FunctionDefinition>> function = Functions.CATALOG.resolve(request.function(), "/function", violations);
        Optional<Configured<OptimizerDefinition>> optimizer = Optimizers.CATALOG.resolve(request.optimizer(), "/optimizer", violations);
        Optional<ScheduleChoice> schedule = Schedules.resolve(
                request.schedule() == null ? Map.of("type", "constant") : request.schedule(), "/schedule", violations);
        schedule.filter(s -> s.schedule().params().has("monitor") && Monitor.of(s.schedule().params()).isAccuracy())
                .ifPresent(s -> violations.add("/schedule/monitor", "A trajectory has no accuracy; monitor a loss (the function's value)."));
        int steps = request.steps() == null ? DEFAULT_STEPS : request.steps();
        if (steps < 1 || steps > MAX_STEPS) {
            violations.add("/steps", "\"steps\" must be from 1 to " + MAX_STEPS + "; got " + steps + ".");
        }
        TestFunction f = function.map(c -> c.definition().create(c.params())).orElse(null);
        double[] start = start(request, f, violations);
        if (request.grid() != null) {
            request.grid().check(f, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid trajectory request", violations.map(BodyProblem::new));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Trajectory trajectory = TrajectoryRunner.run(f, start, steps, optimizer.get(), schedule.get(), manager);
            GridView grid = request.grid() == null ? null : GridView.of(f, request.grid());
            return new TrajectoryView(trajectory.points(), trajectory.values(), trajectory.divergedAtStep(), grid);
        }
    }

    private static double[] start(TrajectoryRequest request, TestFunction f, Violations violations) {
        if (request.start() == null || request.start().isEmpty()) {
            violations.add("/start", "Give the starting point as an array of numbers, e.g. [-5.0, -2.0].");
            return null;
        }
        if (f != null && request.start().size() != f.dimensions()) {
            violations.add("/start", "The function takes " + f.dimensions() + " coordinates; \"start\" has " + request.start().size() + ".");
            return null;
        }
        double[] start = new double[request.start().size()];
        for (int i = 0; i < start.length; i++) {
            Double v = request.start().get(i);
            if (v == null || !Double.isFinite(v) || Math.abs(v) > MAX_COORDINATE) {
                violations.add("/start/" + i, "Each coordinate must be a finite number within ±" + MAX_COORDINATE + " (float32).");
                return null;
            }
            start[i] = v;
        }
        if (f != null && !Double.isFinite(f.value(start))) {
            violations.add("/start", "The function is not finite at the starting point; start closer to the origin.");
            return null;
        }
        return start;
    }
}
