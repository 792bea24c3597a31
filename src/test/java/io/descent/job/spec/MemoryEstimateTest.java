package io.descent.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.dataset.DatasetInfo;
import io.descent.dataset.ValidationSplit;
import io.descent.training.DeviceChoice;
import io.descent.training.TrainingSpec;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.Regularizations;
import io.descent.training.schedule.Schedules;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    private static final DatasetInfo FASHION = new DatasetInfo("fashion-mnist", "Fashion-MNIST", "", 60_000, 10_000, List.of(28, 28),
            Collections.nCopies(10, "c"), "");

    private static TrainingSpec spec(List<Integer> units, Map<String, Object> optimizer, Map<String, Object> regularization, Integer batch) {
        Violations v = new Violations();
        List<LayerSpec> layers = units.stream()
                .map(u -> new LayerSpec(u, Activations.CATALOG.resolve(Map.of("type", "relu"), "", v).orElseThrow(), 0.0, null)).toList();
        return new TrainingSpec(layers, Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                Optimizers.CATALOG.resolve(optimizer, "", v).orElseThrow(), Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(),
                Regularizations.resolve(regularization, "", v).orElseThrow(), 1, batch, 1, DeviceChoice.parse("cpu"));
    }

    @Test
    void countsParametersTimesWeightsGradientsReferenceCopyAndOptimizerState() {
        MemoryEstimate estimate = MemoryEstimate.of(spec(List.of(256, 256), Map.of("type", "adam"), null, 256), FASHION,
                ValidationSplit.TEST, "none");

        long parameters = (784 * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10);
        assertThat(estimate.parameters()).isEqualTo(parameters);
        assertThat(estimate.parameterCopies()).as("weights, gradients, update-ratio copy, two moments").isEqualTo(5);
        assertThat(estimate.activationBytes()).isEqualTo(256L * (784 + 256 + 256 + 10) * MemoryEstimate.ACTIVATION_FACTOR * 4);
        assertThat(estimate.datasetBytes()).isEqualTo(70_000L * (784 * 4 + 8));
        assertThat(estimate.total()).isEqualTo(parameters * 5 * 4 + estimate.activationBytes() + estimate.datasetBytes());
    }

    @Test
    void earlyStoppingThatRestoresKeepsOneMoreCopyAndSgdWithoutMomentumNone() {
        MemoryEstimate estimate = MemoryEstimate.of(spec(List.of(), Map.of("type", "sgd"),
                Map.of("earlyStopping", Map.of("monitor", "validation_loss", "restoreBest", true)), null), FASHION, ValidationSplit.TEST, "none");

        assertThat(estimate.parameterCopies()).isEqualTo(4);
        assertThat(estimate.activationRows()).as("batch GD: the whole training split").isEqualTo(60_000);
    }

    @Test
    void aCarvedFractionAndNormalizationCopyTheDataset() {
        MemoryEstimate estimate = MemoryEstimate.of(spec(List.of(), Map.of("type", "sgd"), null, 100_000), FASHION,
                ValidationSplit.fraction(0.25), "standard");

        assertThat(estimate.datasetBytes()).isEqualTo(3 * FASHION.tensorBytes());
        assertThat(estimate.activationRows()).as("capped at the rows left to train on").isEqualTo(45_000);
    }

    @Test
    void sixteenLayersOf8192UnitsWithAdamNeedAbout19GbAndPointAtTheLayers() {
        MemoryEstimate estimate = MemoryEstimate.of(spec(Collections.nCopies(16, 8192), Map.of("type", "adam"), null, 32), FASHION,
                ValidationSplit.TEST, "none");

        assertThat(estimate.total()).isBetween(18L << 30, 20L << 30);
        assertThat(estimate.pointer()).isEqualTo("/model/layers");
        assertThat(estimate.explain(8L << 30)).contains("19.1 GB", "8.0 GB", "descent.limits.max-job-memory", "1,013,268,490 parameters");
    }

    @Test
    void theDefaultLimitIsHalfOfThePhysicalMemory() {
        SpecLimits limits = new SpecLimits(1000, 16, 8192, 65536, null, 32);

        assertThat(limits.maxJobMemory().toBytes()).isEqualTo(io.descent.system.MemorySize.halfOfPhysical());
    }
}
