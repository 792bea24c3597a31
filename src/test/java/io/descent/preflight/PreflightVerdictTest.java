package io.descent.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.preflight.OverfitVerdict.Outcome;
import io.descent.preflight.PreflightReport.InitialLossCheck;
import io.descent.preflight.PreflightReport.OverfitCheck;
import io.descent.training.DeviceChoice;
import io.descent.training.TrainingSpec;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Initializations;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.Schedules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreflightVerdictTest {

    @Test
    void softmaxLossesExpectLnCAndSigmoidOnesLn2PerOutput() {
        assertThat(Chance.of("cross_entropy", 10, 1).orElseThrow().expected()).isCloseTo(Math.log(10), within(1e-12));
        assertThat(Chance.of("nll", 3, 1).orElseThrow().expected()).isCloseTo(Math.log(3), within(1e-12));
        assertThat(Chance.of("bce_with_logits", 10, 1).orElseThrow().expected()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(Chance.of("multilabel_soft_margin", 4, 1).orElseThrow().expected()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(Chance.of("hinge", 10, 2).orElseThrow().expected()).isCloseTo(1.8, within(1e-12));
        assertThat(Chance.of("cross_entropy", 10, 1).orElseThrow().formula()).isEqualTo("ln 10");
    }

    @Test
    void regressionAndDistanceLossesHaveNoChanceLevel() {
        assertThat(Chance.of("mse", 0, 1)).isEmpty();
        assertThat(Chance.of("huber", 0, 1)).isEmpty();
        assertThat(Chance.of("mse", 10, 1)).as("mse on one-hot labels").isEmpty();
        assertThat(Chance.of("l1", 10, 1)).isEmpty();
    }

    @Test
    void theToleranceIsHalfOfChanceOnEitherSide() {
        Chance lnTen = Chance.of("cross_entropy", 10, 1).orElseThrow();
        assertThat(lnTen.tolerance()).isCloseTo(0.5 * Math.log(10), within(1e-12));
        assertThat(lnTen.matches(2.31)).isTrue();
        assertThat(lnTen.matches(1.5 * Math.log(10) - 1e-9)).isTrue();
        assertThat(lnTen.matches(1.5 * Math.log(10) + 1e-9)).isFalse();
        assertThat(lnTen.matches(0.5 * Math.log(10) - 1e-9)).as("far below chance").isFalse();
        assertThat(lnTen.matches(Double.NaN)).isFalse();
    }

    @Test
    void anInitialLossNearLnTenPassesWithItsNumbers() {
        InitialLossCheck check = InitialLossVerdict.judge(spec("cross_entropy"), 10, 2.31, 256);

        assertThat(check.verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.expected()).isCloseTo(2.302585, within(1e-6));
        assertThat(check.tolerance()).isCloseTo(1.151293, within(1e-6));
        assertThat(check.measured()).isEqualTo(2.31);
        assertThat(check.samples()).isEqualTo(256);
        assertThat(check.advice()).isNull();
    }

    @Test
    void anInitialLossFarAboveChancePointsAtTheInitScale() {
        InitialLossCheck check = InitialLossVerdict.judge(spec("cross_entropy"), 10, 40.0, 256);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.reason()).contains("17.4× chance", "ln 10");
        assertThat(check.advice()).contains("model.init", "normalize");
    }

    @Test
    void aNonFiniteInitialLossFails() {
        InitialLossCheck check = InitialLossVerdict.judge(spec("cross_entropy"), 10, null, 256);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.reason()).contains("not finite");
    }

    @Test
    void aRegressionLossIsNotApplicableWithTheReason() {
        InitialLossCheck check = InitialLossVerdict.judge(spec("mse"), 0, 3.2, 20);

        assertThat(check.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(check.expected()).isNull();
        assertThat(check.measured()).isEqualTo(3.2);
        assertThat(check.reason()).contains("real-valued target");
    }

    @Test
    void aFittedSubsetPassesWithItsSteps() {
        OverfitCheck check = OverfitVerdict.judge(new Outcome(20, 200, 37, 2.31, 0.05, 1.0, true, null, false), true, 0.5);

        assertThat(check.verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.stepsTaken()).isEqualTo(37);
        assertThat(check.reason()).contains("100 % training accuracy", "37 full-batch steps");
    }

    @Test
    void aLossThatBarelyMovedBlamesALowLearningRate() {
        OverfitCheck check = OverfitVerdict.judge(new Outcome(20, 200, 200, 2.31, 2.30, 0.15, false, null, false), true, 1e-7);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.reason()).contains("in 200 full-batch steps", "15 % accuracy");
        assertThat(check.advice()).contains("barely moved", "too low", "1.0E-7");
    }

    @Test
    void aLossThatRoseBlamesAHighLearningRate() {
        OverfitCheck check = OverfitVerdict.judge(new Outcome(20, 200, 200, 2.31, 9.0, 0.1, false, null, false), true, 50);

        assertThat(check.advice()).contains("rose", "too high");
    }

    @Test
    void aDivergedRunFailsWithTheStepItDivergedAt() {
        OverfitCheck check = OverfitVerdict.judge(new Outcome(20, 200, 3, 2.31, 80.0, 0.1, false, 4, false), true, 50);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.stepsTaken()).isEqualTo(4);
        assertThat(check.finalLoss()).isNull();
        assertThat(check.advice()).contains("too high");
    }

    @Test
    void aRegressionSubsetMustFallBelowOnePercentOfItsStart() {
        OverfitCheck fitted = OverfitVerdict.judge(new Outcome(20, 200, 120, 50.0, 0.4, null, true, null, false), false, 0.003);
        OverfitCheck stuck = OverfitVerdict.judge(new Outcome(20, 200, 200, 50.0, 5.0, null, false, null, false), false, 0.003);

        assertThat(fitted.verdict()).isEqualTo(Verdict.PASS);
        assertThat(fitted.targetLoss()).isCloseTo(0.5, within(1e-12));
        assertThat(fitted.finalAccuracy()).isNull();
        assertThat(stuck.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(stuck.reason()).contains("below 1 % of its start", "from 50.00 to 5.000");
    }

    @Test
    void aTimedOutCheckFailsAndSaysSo() {
        OverfitCheck check = OverfitVerdict.judge(new Outcome(20, 200, 12, 2.31, 1.9, 0.4, false, null, true), true, 0.5);

        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.reason()).contains("Timed out", "after 12 steps");
    }

    @Test
    void notApplicableDoesNotFailThePreflight() {
        InitialLossCheck na = InitialLossVerdict.judge(spec("mse"), 0, 3.2, 20);
        OverfitCheck fitted = OverfitVerdict.judge(new Outcome(20, 200, 120, 50.0, 0.4, null, true, null, false), false, 0.003);
        OverfitCheck stuck = OverfitVerdict.judge(new Outcome(20, 200, 200, 50.0, 5.0, null, false, null, false), false, 0.003);

        assertThat(PreflightReport.of(na, fitted, 1, 10).pass()).isTrue();
        assertThat(PreflightReport.of(na, stuck, 1, 10).pass()).isFalse();
    }

    private static TrainingSpec spec(String loss) {
        Violations v = new Violations();
        return new TrainingSpec(List.of(), Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", loss), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", 0.5), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(), Regularization.NONE, 10, 32, 1, DeviceChoice.parse("cpu"));
    }
}
