package io.descent.training.schedule;

import io.descent.training.catalog.Catalog;
import java.util.List;

/** Every learning-rate schedule a job can name. Add a new one here, once. */
public final class Schedules {

    public static final Catalog<ScheduleDefinition> CATALOG =
            new Catalog<>("schedule", List.of(new ConstantSchedule(), new StepSchedule()));

    private Schedules() {}
}
