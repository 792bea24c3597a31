package io.descent.training.schedule;

import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;

/** A catalogue entry for a learning-rate schedule. */
public interface ScheduleDefinition extends ComponentDefinition {

    /**
     * @param baseLearningRate the optimizer's {@code lr}
     * @param stepsPerEpoch updates per epoch, for schedules that change within an epoch
     */
    LearningRateSchedule create(Params params, double baseLearningRate, int stepsPerEpoch);
}
