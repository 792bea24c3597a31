package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import io.descent.training.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {

    private final DatasetRecordRepository noStoredDatasets = org.mockito.Mockito.mock(DatasetRecordRepository.class);
    private final DatasetCatalog catalog = new DatasetCatalog(new DatasetProperties(Path.of("/nonexistent/fashion"), Path.of("target/datasets"),
            org.springframework.util.unit.DataSize.ofMegabytes(1), 1000, 100,
            org.springframework.util.unit.DataSize.ofGigabytes(1), org.springframework.util.unit.DataSize.ofMegabytes(100)), noStoredDatasets, tools.jackson.databind.json.JsonMapper.builder().build());

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void theShippedSubsetLoadsAsScaledImagesAndIntegerLabels() {
        try (PreparedData prepared = catalog.prepare("fashion-mnist-small", ValidationSplit.TEST, "none", 1)) {
            TrainingData data = prepared.data();
            assertThat(data.trainFeatures().getShape().getShape()).containsExactly(5000, 784);
            assertThat(data.validationFeatures().getShape().getShape()).containsExactly(1000, 784);
            assertThat(data.trainFeatures().min().getFloat()).isEqualTo(0f);
            assertThat(data.trainFeatures().max().getFloat()).isEqualTo(1f);
            NDArray labels = data.trainLabels();
            assertThat(labels.min().getLong()).isZero();
            assertThat(labels.max().getLong()).isEqualTo(9);
            assertThat(data.classes()).isEqualTo(10);
        }
    }

    @Test
    void aValidationFractionIsCarvedFromTheTrainingSplitWithoutOverlap() {
        try (PreparedData prepared = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.1), "none", 5)) {
            TrainingData data = prepared.data();
            assertThat(data.trainSize()).isEqualTo(4500);
            assertThat(data.validationFeatures().getShape().get(0)).isEqualTo(500);
            float total = data.trainFeatures().sum().getFloat() + data.validationFeatures().sum().getFloat();
            try (PreparedData whole = catalog.prepare("fashion-mnist-small", ValidationSplit.NONE, "none", 5)) {
                assertThat(total).isCloseTo(whole.data().trainFeatures().sum().getFloat(), org.assertj.core.data.Percentage.withPercentage(1e-3));
                assertThat(whole.data().hasValidation()).isFalse();
            }
        }
    }

    @Test
    void theSameSeedCarvesTheSameSplit() {
        try (PreparedData a = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), "none", 9);
                PreparedData b = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), "none", 9);
                PreparedData c = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), "none", 10)) {
            assertThat(a.data().validationLabels().toLongArray()).isEqualTo(b.data().validationLabels().toLongArray());
            assertThat(a.data().validationLabels().toLongArray()).isNotEqualTo(c.data().validationLabels().toLongArray());
        }
    }

    @Test
    void aMissingDirectoryMakesTheFullDatasetUnavailableWithInstructions() {
        assertThat(catalog.available("fashion-mnist")).isFalse();
        assertThat(catalog.howToInstall("fashion-mnist")).contains("apt-get install dataset-fashion-mnist").contains("/nonexistent/fashion");
        assertThatThrownBy(() -> catalog.prepare("fashion-mnist", ValidationSplit.TEST, "none", 1))
                .isInstanceOf(DatasetUnavailableException.class).hasMessageContaining("not available");
    }

    @Test
    void standardizationIsFittedOnTheTrainingSplitOnly() {
        try (PreparedData prepared = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), "standard", 3)) {
            TrainingData data = prepared.data();
            assertThat(data.normalization().kind()).isEqualTo("standard");
            NDArray trainMean = data.trainFeatures().mean(new int[] {0});
            assertThat(trainMean.abs().max().getFloat()).isLessThan(1e-4f);
            NDArray trainStd = data.trainFeatures().square().mean(new int[] {0}).sqrt();
            // every non-constant feature has unit variance on the training split; constant ones stay 0
            for (float s : trainStd.toFloatArray()) {
                assertThat(s).satisfiesAnyOf(v -> assertThat(v).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-3f)),
                        v -> assertThat(v).isCloseTo(0f, org.assertj.core.api.Assertions.within(1e-6f)));
            }
            assertThat(data.validationFeatures().mean(new int[] {0}).abs().max().getFloat()).as("validation is scaled with train statistics").isGreaterThan(1e-4f);
        }
    }

    @Test
    void minMaxScalesTheTrainingSplitIntoTheUnitInterval() {
        try (PreparedData prepared = catalog.prepare("synthetic-linear", ValidationSplit.TEST, "minmax", 3)) {
            assertThat(prepared.data().trainFeatures().min().getFloat()).isEqualTo(0f);
            assertThat(prepared.data().trainFeatures().max().getFloat()).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-6f));
            assertThat(prepared.data().normalization().shift()).hasSize(200);
        }
    }

    @Test
    void anUnreadableStoredDatasetIsUnavailableWithAReasonThatNamesNoServerPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("csv-damaged.dsd"), "not a dataset file, ".repeat(10));
        org.mockito.Mockito.when(noStoredDatasets.findById("csv-damaged")).thenReturn(java.util.Optional.of(new DatasetRecord("csv-damaged",
                "damaged", "upload:damaged.csv", "regression", "y", "[]", "[\"x\"]", "{}", 1, 0, "hash", file.toString(), 200, Instant.now())));

        assertThatThrownBy(() -> catalog.prepare("csv-damaged", ValidationSplit.NONE, "none", 1))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("could not be read")
                .hasMessageNotContaining(dir.toString())
                .hasRootCauseMessage(file + " is not a Descent dataset file");

        Files.delete(file);
        assertThat(catalog.howToInstall("csv-damaged")).contains("upload or generate it again").doesNotContain(dir.toString());
    }

    @Test
    void aPreparedDatasetIsLeasedUntilClosedAndSurvivesItsEviction() {
        java.util.List<String> freed = new java.util.ArrayList<>();
        PreparedData prepared = catalog.prepare("synthetic-linear", ValidationSplit.TEST, "none", 1);
        assertThat(catalog.leased("synthetic-linear")).isTrue();
        catalog.evict("synthetic-linear", () -> freed.add("synthetic-linear"));
        assertThat(freed).as("still read").isEmpty();
        assertThat(prepared.data().trainFeatures().sum().getFloat()).as("the tensors are still there").isFinite();
        prepared.close();
        assertThat(freed).containsExactly("synthetic-linear");
        assertThat(catalog.leased("synthetic-linear")).isFalse();
        catalog.evict("synthetic-linear", () -> freed.add("again"));
        assertThat(freed).as("nothing loaded: runs at once").hasSize(2);
    }

    @Test
    void aDatasetOverTheCacheSizeIsStillServedToEachUserAndFreedAfter() {
        DatasetCatalog tiny = new DatasetCatalog(new DatasetProperties(Path.of("/nonexistent/fashion"), Path.of("target/datasets"),
                org.springframework.util.unit.DataSize.ofMegabytes(1), 1000, 100, org.springframework.util.unit.DataSize.ofKilobytes(1),
                org.springframework.util.unit.DataSize.ofMegabytes(100)),
                noStoredDatasets, tools.jackson.databind.json.JsonMapper.builder().build());
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        tiny.bindTo(registry);
        try (PreparedData a = tiny.prepare("synthetic-linear", ValidationSplit.TEST, "none", 1);
                PreparedData b = tiny.prepare("synthetic-linear", ValidationSplit.TEST, "none", 1)) {
            assertThat(a.data().trainSize()).isEqualTo(b.data().trainSize());
            assertThat(registry.get("descent.leases.held").tag("cache", "datasets").gauge().value()).isEqualTo(2);
        }
        assertThat(registry.get("descent.leases.held").tag("cache", "datasets").gauge().value()).isZero();
        assertThat(registry.get("descent.leases.loaded").tag("cache", "datasets").gauge().value()).as("too big to keep").isZero();
        tiny.close();
    }
}
