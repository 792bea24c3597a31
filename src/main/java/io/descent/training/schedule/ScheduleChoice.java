package io.descent.training.schedule;

import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's schedule: the catalogue schedule with its parameters, and an optional warm-up.
 *
 * @param warmup null without warm-up
 */
public record ScheduleChoice(Configured<ScheduleDefinition> schedule, Params warmup) {

    public LearningRateSchedule create(double baseLearningRate, int stepsPerEpoch) {
        LearningRateSchedule main = schedule.definition().create(schedule.params(), baseLearningRate, stepsPerEpoch);
        return warmup == null ? main : Warmup.wrap(warmup, main, baseLearningRate, stepsPerEpoch);
    }

    /** The canonical JSON object, warm-up included. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(schedule.toJson());
        if (warmup != null) {
            json.put("warmup", warmup.asMap());
        }
        return json;
    }
}
