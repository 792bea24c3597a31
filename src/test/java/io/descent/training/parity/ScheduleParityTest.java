package io.descent.training.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.training.EpochMetrics;
import io.descent.training.catalog.Violations;
import io.descent.training.schedule.LearningRateSchedule;
import io.descent.training.schedule.ScheduleChoice;
import io.descent.training.schedule.Schedules;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schedule gives torch.optim.lr_scheduler's rate at every epoch or step. */
class ScheduleParityTest {

    static Stream<Arguments> cases() {
        return ParityVectors.cases("schedules").stream().map(c -> Arguments.of(c.get("spec").toString(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String name, Map<String, Object> vector) {
        Violations violations = new Violations();
        ScheduleChoice choice = Schedules.resolve((Map<String, Object>) vector.get("spec"), "", violations)
                .orElseThrow(() -> new AssertionError(violations.asList()));
        double base = ((Number) vector.get("baseLr")).doubleValue();
        int stepsPerEpoch = ((Number) vector.get("stepsPerEpoch")).intValue();
        List<Number> expected = (List<Number>) vector.get("lrs");
        List<Number> metric = (List<Number>) vector.get("metric");
        LearningRateSchedule schedule = choice.create(base, stepsPerEpoch);
        boolean perStep = "step".equals(vector.get("interval"));
        for (int i = 0; i < expected.size(); i++) {
            int epoch = perStep ? i / stepsPerEpoch : i;
            int step = perStep ? i % stepsPerEpoch : 0;
            double rate = schedule.learningRate(epoch, step);
            int at = i;
            assertThat(ParityVectors.close(rate, expected.get(i).doubleValue(), 1e-9, 1e-12))
                    .as("%s %d: %s vs PyTorch %s", perStep ? "step" : "epoch", at, rate, expected.get(at)).isTrue();
            if (!perStep || step == stepsPerEpoch - 1) {
                double value = metric == null ? 0 : metric.get(i).doubleValue();
                schedule.epochFinished(new EpochMetrics(epoch + 1, value, null, value, value, rate, 0, 0, 0, 0));
            }
        }
    }
}
