package io.descent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.DeviceChoice;
import io.descent.training.TrainingData;
import io.descent.training.TrainingLoop;
import io.descent.training.TrainingSpec;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.EarlyStopping;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.Schedules;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks on the real training core, on a small synthetic problem; no Spring. */
class PreflightChecksTest {

    private final NDManager manager = Tensors.newManager();
    private final PreflightChecks checks = new PreflightChecks(new TrainingLoop(Engine.getEngine("PyTorch")));

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aSaneSetupMatchesChanceAndFitsTwentySamples() {
        PreflightReport report = checks.run(spec(Map.of("type", "default"), 0.5, 0.5), data(), PreflightOptions.DEFAULTS, () -> false);

        assertThat(report.pass()).isTrue();
        assertThat(report.initialLoss().verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.initialLoss().expected()).isEqualTo(Math.log(3));
        assertThat(report.initialLoss().samples()).isEqualTo(256);
        assertThat(report.overfitTinySubset().verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.overfitTinySubset().finalAccuracy()).isEqualTo(1.0);
        assertThat(report.overfitTinySubset().stepsTaken()).isBetween(1, 199);
        assertThat(report.overfitTinySubset().finalLoss()).isLessThan(report.overfitTinySubset().startLoss());
    }

    @Test
    void aTinyLearningRateCannotFitTheSubset() {
        PreflightReport report = checks.run(spec(Map.of("type", "default"), 1e-7, 0), data(), PreflightOptions.DEFAULTS, () -> false);

        assertThat(report.pass()).isFalse();
        assertThat(report.initialLoss().verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.overfitTinySubset().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.overfitTinySubset().stepsTaken()).isEqualTo(200);
        assertThat(report.overfitTinySubset().finalAccuracy()).isLessThan(1.0);
        assertThat(report.overfitTinySubset().advice()).contains("barely moved");
    }

    @Test
    void aHugeInitialisationStartsFarAboveChance() {
        PreflightReport report = checks.run(spec(Map.of("type", "normal", "std", 10.0), 0.5, 0), data(), PreflightOptions.DEFAULTS, () -> false);

        assertThat(report.initialLoss().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.initialLoss().measured()).isGreaterThan(1.5 * Math.log(3));
        assertThat(report.pass()).isFalse();
    }

    @Test
    void aPreflightOutOfTimeFailsAsTimedOut() {
        PreflightReport report = checks.run(spec(Map.of("type", "default"), 0.5, 0), data(), PreflightOptions.DEFAULTS, () -> true);

        assertThat(report.pass()).isFalse();
        assertThat(report.initialLoss().reason()).contains("Timed out");
        assertThat(report.overfitTinySubset().reason()).contains("Timed out");
    }

    @Test
    void theTinySubsetRecipeTurnsRegularizationOffAndKeepsTheRest() {
        TrainingSpec spec = spec(Map.of("type", "default"), 0.5, 0.5);
        Violations v = new Violations();
        TrainingSpec regularized = new TrainingSpec(spec.layers(), spec.init(), spec.loss(),
                Optimizers.CATALOG.resolve(Map.of("type", "adamw", "lr", 0.01, "weightDecay", 0.1), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "step", "stepSize", 1, "gamma", 0.1), "", v).orElseThrow(),
                new Regularization(0.1, 0.2, true, null, 1.0, new EarlyStopping(null, "min", false, 1, 0, false)),
                10, 32, 7, spec.device());

        TrainingSpec plain = TinySubsetSpec.of(regularized, 201);

        assertThat(plain.layers()).allSatisfy(l -> {
            assertThat(l.dropout()).isZero();
            assertThat(l.maxNorm()).isNull();
        });
        assertThat(plain.optimizer().definition().type()).isEqualTo("adamw");
        assertThat(plain.optimizer().params().number("weightDecay")).isZero();
        assertThat(plain.learningRate()).isEqualTo(0.01);
        assertThat(plain.schedule().schedule().definition().type()).isEqualTo("constant");
        assertThat(plain.regularization()).isEqualTo(new Regularization(0, 0, false, null, 1.0, null));
        assertThat(plain.epochs()).isEqualTo(201);
        assertThat(plain.batchSize()).as("full batch").isNull();
        assertThat(plain.seed()).isEqualTo(7);
    }

    /** Three classes by the sign pattern of two of 8 Gaussian features; 300 rows. */
    private TrainingData data() {
        Random random = new Random(3);
        int n = 300;
        float[] x = new float[n * 8];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) random.nextGaussian();
            }
            y[i] = x[i * 8] > 0 ? 0 : x[i * 8 + 1] > 0 ? 1 : 2;
        }
        return new TrainingData(manager.create(x, new Shape(n, 8)), manager.create(y), null, null, 3, null);
    }

    private static TrainingSpec spec(Map<String, Object> init, double lr, double dropout) {
        Violations v = new Violations();
        LayerSpec hidden = new LayerSpec(32, Activations.CATALOG.resolve(Map.of("type", "relu"), "", v).orElseThrow(), dropout, 2.0);
        TrainingSpec spec = new TrainingSpec(List.of(hidden), Initializations.CATALOG.resolve(init, "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", lr), "", v).orElseThrow(),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(), Regularization.NONE, 10, 32, 11, DeviceChoice.parse("cpu"));
        assertThat(v.asList()).isEmpty();
        return spec;
    }
}
