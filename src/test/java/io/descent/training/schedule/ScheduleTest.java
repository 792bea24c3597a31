package io.descent.training.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static LearningRateSchedule schedule(Map<String, Object> spec) {
        Configured<ScheduleDefinition> s = Schedules.CATALOG.resolve(spec, "", new Violations()).orElseThrow();
        return s.definition().create(s.params(), 0.8, 10);
    }

    @Test
    void constantKeepsTheBaseRate() {
        LearningRateSchedule constant = schedule(Map.of("type", "constant"));
        assertThat(constant.learningRate(0, 0)).isEqualTo(0.8);
        assertThat(constant.learningRate(99, 9)).isEqualTo(0.8);
    }

    @Test
    void stepHalvesEveryStepSizeEpochsCountingFromZero() {
        LearningRateSchedule step = schedule(Map.of("type", "step", "stepSize", 5, "gamma", 0.5));
        double[] expected = {0.8, 0.8, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.4, 0.4, 0.2};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertThat(step.learningRate(epoch, 3)).as("epoch %d", epoch).isCloseTo(expected[epoch], within(1e-12));
        }
    }
}
