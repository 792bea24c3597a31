package io.descent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.descent.training.LoopFixtures.separable;
import static io.descent.training.LoopFixtures.spec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import io.descent.training.LoopFixtures.Recorder;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.regularization.Regularization;
import io.descent.training.optim.Optimizers;
import io.descent.training.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    private final NDManager manager = Tensors.newManager();
    private final TrainingLoop loop = new TrainingLoop(Engine.getEngine("PyTorch"));

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void learnsASeparableProblemAndReportsEveryEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = loop.run(spec(Map.of("type", "adam", "lr", 0.05), "cross_entropy", 15, 32, 1), separable(manager, 512, 256), recorder);

        assertThat(result).isEqualTo(new TrainingResult(false, 15, null, 15));
        assertThat(recorder.epochs).extracting(EpochMetrics::epoch).containsExactlyElementsOf(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        EpochMetrics first = recorder.epochs.get(0);
        EpochMetrics last = recorder.epochs.get(14);
        assertThat(first.trainLoss()).isBetween(0.2, 1.0);
        assertThat(last.trainLoss()).isLessThan(first.trainLoss() / 2);
        assertThat(last.validationAccuracy()).isGreaterThan(0.93);
        assertThat(last.learningRate()).isEqualTo(0.05);
    }

    @Test
    void theSameSeedGivesIdenticalMetricsAndAnotherSeedDoesNot() {
        TrainingData data = separable(manager, 256, 64);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder c = new Recorder();
        loop.run(spec(Map.of("type", "sgd", "lr", 0.3, "momentum", 0.9), "cross_entropy", 4, 16, 42), data, a);
        loop.run(spec(Map.of("type", "sgd", "lr", 0.3, "momentum", 0.9), "cross_entropy", 4, 16, 42), data, b);
        loop.run(spec(Map.of("type", "sgd", "lr", 0.3, "momentum", 0.9), "cross_entropy", 4, 16, 43), data, c);

        assertThat(b.losses()).isEqualTo(a.losses());
        assertThat(b.epochs).extracting(EpochMetrics::validationLoss).isEqualTo(a.epochs.stream().map(EpochMetrics::validationLoss).toList());
        assertThat(c.losses()).isNotEqualTo(a.losses());
    }

    @Test
    void stopsAtTheNextBatchWhenAsked() {
        Recorder recorder = new Recorder();
        recorder.stopAfter = 2;
        TrainingResult result = loop.run(spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 50, 8, 1), separable(manager, 256, 0), recorder);

        assertThat(result).isEqualTo(new TrainingResult(true, 2, null, 2));
        assertThat(recorder.epochs).hasSize(2);
    }

    @Test
    void aLossThatBlowsUpEndsWithTheEpochItHappenedIn() {
        Recorder recorder = new Recorder();
        assertThatThrownBy(() -> loop.run(spec(Map.of("type", "sgd", "lr", 1e12), "mse", 5, 4, 1), separable(manager, 128, 0), recorder))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.epoch()).isEqualTo(recorder.epochs.size() + 1);
                    assertThat(e.getMessage()).contains("lower the learning rate");
                });
    }

    @Test
    void withoutValidationItsMetricsStayEmpty() {
        Recorder recorder = new Recorder();
        loop.run(spec(Map.of("type", "sgd", "lr", 0.5), "cross_entropy", 30, null, 3), separable(manager, 200, 0), recorder);

        assertThat(recorder.epochs).hasSize(30);
        assertThat(recorder.epochs.get(29).trainLoss()).isLessThan(recorder.epochs.get(0).trainLoss());
        assertThat(recorder.epochs).allSatisfy(m -> {
            assertThat(m.validationLoss()).isNull();
            assertThat(m.validationAccuracy()).isNull();
        });
    }

    @Test
    void regressionTargetsHaveNoAccuracy() {
        Random random = new Random(3);
        float[] x = new float[64 * 4];
        float[] y = new float[64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (float) random.nextGaussian();
                y[i] += 0.5f * x[i * 4 + j];
            }
        }
        TrainingData data = new TrainingData(manager.create(x, new Shape(64, 4)), manager.create(y),
                manager.create(x, new Shape(64, 4)), manager.create(y), 0, null);
        Recorder recorder = new Recorder();
        loop.run(spec(Map.of("type", "adam", "lr", 0.01), "mse", 20, 16, 1), data, recorder);

        assertThat(recorder.epochs.get(19).trainLoss()).isLessThan(recorder.epochs.get(0).trainLoss());
        assertThat(recorder.epochs).allSatisfy(m -> {
            assertThat(m.trainAccuracy()).isNull();
            assertThat(m.validationAccuracy()).isNull();
            assertThat(m.validationLoss()).isNotNull();
        });
    }

    @Test
    void aRunResumedFromACheckpointEndsExactlyLikeAnUninterruptedOne() {
        Violations v = new Violations();
        TrainingSpec base = spec(Map.of("type", "adam", "lr", 0.01, "amsgrad", true), "cross_entropy", 6, 32, 5);
        TrainingSpec spec = new TrainingSpec(base.layers(), base.init(), base.loss(), base.optimizer(),
                Schedules.resolve(Map.of("type", "plateau", "patience", 0, "factor", 0.5, "threshold", 0.5), "", v).orElseThrow(),
                io.descent.training.regularization.Regularizations.resolve(Map.of("earlyStopping", Map.of("patience", 50, "restoreBest", true)), "", v)
                        .orElseThrow(),
                base.epochs(), base.batchSize(), base.seed(), base.device());
        TrainingData data = separable(manager, 256, 64);
        Recorder whole = new Recorder();
        loop.run(spec, data, whole);

        Recorder resumed = new Recorder();
        TrainingResult result = loop.run(spec, data, resumed,
                new io.descent.training.checkpoint.ResumePoint(3, new java.io.ByteArrayInputStream(whole.checkpoints.get(3))));

        assertThat(result.epochsCompleted()).isEqualTo(6);
        assertThat(resumed.epochs).extracting(EpochMetrics::epoch).containsExactly(4, 5, 6);
        for (int i = 0; i < 3; i++) {
            EpochMetrics expected = whole.epochs.get(i + 3);
            EpochMetrics actual = resumed.epochs.get(i);
            assertThat(actual.trainLoss()).isEqualTo(expected.trainLoss());
            assertThat(actual.validationLoss()).isEqualTo(expected.validationLoss());
            assertThat(actual.learningRate()).isEqualTo(expected.learningRate());
            assertThat(actual.weightNorm()).isEqualTo(expected.weightNorm());
        }
        assertThat(whole.epochs.stream().map(EpochMetrics::learningRate).distinct().count()).as("the plateau schedule acted").isGreaterThan(1);
    }

    @Test
    void aCheckpointOfAnotherNetworkIsRejected() {
        Recorder first = new Recorder();
        loop.run(spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 1, 32, 1), separable(manager, 64, 0), first);
        TrainingSpec other = spec(Map.of("type", "sgd", "lr", 0.1), "cross_entropy", 2, 32, 1);
        TrainingSpec wider = new TrainingSpec(List.of(new LayerSpec(8, other.layers().get(0).activation(), 0, null)), other.init(), other.loss(),
                other.optimizer(), other.schedule(), other.regularization(), 2, 32, 1, other.device());
        assertThatThrownBy(() -> loop.run(wider, separable(manager, 64, 0), new Recorder(),
                new io.descent.training.checkpoint.ResumePoint(1, new java.io.ByteArrayInputStream(first.checkpoints.get(1)))))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void aRunStoppedInsideAnEpochResumesAtThatBatchAndEndsExactlyLikeAnUninterruptedOne() {
        TrainingSpec spec = spec(Map.of("type", "adam", "lr", 0.01, "amsgrad", true), "cross_entropy", 4, 32, 9);
        TrainingData data = separable(manager, 256, 64); // 8 batches an epoch, dropout 0.1 in the hidden layer
        Recorder whole = new Recorder();
        loop.run(spec, data, whole);

        Recorder stopped = new Recorder();
        stopped.stopAfterBatches = 8 + 3;
        TrainingResult first = loop.run(spec, data, stopped);
        assertThat(first).isEqualTo(new TrainingResult(true, 1, null, 1));
        assertThat(stopped.stoppedAt.step()).isEqualTo(3);
        assertThat(stopped.stoppedAt.dropoutDraws()).containsExactly(3L * 32 * 16 / 2);

        Recorder resumed = new Recorder();
        TrainingResult result = loop.run(spec, data, resumed,
                new io.descent.training.checkpoint.ResumePoint(1, new java.io.ByteArrayInputStream(stopped.stoppedState)));
        assertThat(result.epochsCompleted()).isEqualTo(4);
        assertThat(resumed.epochs).extracting(EpochMetrics::epoch).containsExactly(2, 3, 4);
        for (int i = 0; i < 3; i++) {
            EpochMetrics expected = whole.epochs.get(i + 1);
            EpochMetrics actual = resumed.epochs.get(i);
            assertThat(actual.trainLoss()).as("epoch %d", i + 2).isEqualTo(expected.trainLoss());
            assertThat(actual.trainAccuracy()).isEqualTo(expected.trainAccuracy());
            assertThat(actual.validationLoss()).isEqualTo(expected.validationLoss());
            assertThat(actual.weightNorm()).isEqualTo(expected.weightNorm());
            assertThat(actual.updateRatio()).isEqualTo(expected.updateRatio());
        }
    }
}
