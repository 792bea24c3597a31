package io.descent.training.schedule;

import io.descent.training.catalog.Catalog;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every learning-rate schedule a job can name. Add a new one here, once. */
public final class Schedules {

    public static final Catalog<ScheduleDefinition> CATALOG = new Catalog<>("schedule", List.of(
            new ConstantSchedule(), new StepSchedule(), new MultiStepSchedule(), new ExponentialSchedule(),
            new InverseTimeSchedule(), new CosineSchedule(), new PlateauSchedule()));

    private static final Catalog<Warmup> WARMUP = new Catalog<>("warmup", List.of(Warmup.DEFINITION));

    private Schedules() {}

    /** Resolves a schedule object, with its optional {@code "warmup": {"epochs"|"steps": n}}. */
    @SuppressWarnings("unchecked")
    public static Optional<ScheduleChoice> resolve(Map<String, Object> json, String pointer, Violations violations) {
        if (json == null || !json.containsKey("warmup")) {
            return CATALOG.resolve(json, pointer, violations).map(s -> new ScheduleChoice(s, null));
        }
        Map<String, Object> main = new LinkedHashMap<>(json);
        Object warmupJson = main.remove("warmup");
        Optional<Configured<ScheduleDefinition>> schedule = CATALOG.resolve(main, pointer, violations);
        if (!(warmupJson instanceof Map<?, ?> warmupMap)) {
            violations.add(pointer + "/warmup", "\"warmup\" must be an object such as {\"epochs\": 2} or {\"steps\": 500}.");
            return Optional.empty();
        }
        Optional<Params> warmup = WARMUP.resolveUntyped(Warmup.DEFINITION, (Map<String, Object>) warmupMap, pointer + "/warmup", violations)
                .map(Configured::params);
        if (schedule.isEmpty() || warmup.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleChoice(schedule.get(), warmup.get()));
    }
}
