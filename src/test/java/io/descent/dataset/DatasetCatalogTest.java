package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import io.descent.training.TrainingData;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatasetCatalogTest {

    private final DatasetCatalog catalog = new DatasetCatalog(new DatasetProperties(Path.of("/nonexistent/fashion")));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void theShippedSubsetLoadsAsScaledImagesAndIntegerLabels() {
        try (PreparedData prepared = catalog.prepare("fashion-mnist-small", ValidationSplit.TEST, 1)) {
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
        try (PreparedData prepared = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.1), 5)) {
            TrainingData data = prepared.data();
            assertThat(data.trainSize()).isEqualTo(4500);
            assertThat(data.validationFeatures().getShape().get(0)).isEqualTo(500);
            float total = data.trainFeatures().sum().getFloat() + data.validationFeatures().sum().getFloat();
            try (PreparedData whole = catalog.prepare("fashion-mnist-small", ValidationSplit.NONE, 5)) {
                assertThat(total).isCloseTo(whole.data().trainFeatures().sum().getFloat(), org.assertj.core.data.Percentage.withPercentage(1e-3));
                assertThat(whole.data().hasValidation()).isFalse();
            }
        }
    }

    @Test
    void theSameSeedCarvesTheSameSplit() {
        try (PreparedData a = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), 9);
                PreparedData b = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), 9);
                PreparedData c = catalog.prepare("fashion-mnist-small", ValidationSplit.fraction(0.2), 10)) {
            assertThat(a.data().validationLabels().toLongArray()).isEqualTo(b.data().validationLabels().toLongArray());
            assertThat(a.data().validationLabels().toLongArray()).isNotEqualTo(c.data().validationLabels().toLongArray());
        }
    }

    @Test
    void aMissingDirectoryMakesTheFullDatasetUnavailableWithInstructions() {
        assertThat(catalog.available("fashion-mnist")).isFalse();
        assertThat(catalog.howToInstall("fashion-mnist")).contains("apt-get install dataset-fashion-mnist").contains("/nonexistent/fashion");
        assertThatThrownBy(() -> catalog.prepare("fashion-mnist", ValidationSplit.TEST, 1))
                .isInstanceOf(DatasetUnavailableException.class).hasMessageContaining("not available");
    }
}
