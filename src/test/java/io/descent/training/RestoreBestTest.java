package io.descent.training;

import static io.descent.training.LoopFixtures.separable;
import static io.descent.training.LoopFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.descent.support.Tensors;
import io.descent.training.LoopFixtures.Recorder;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.ResumePoint;
import io.descent.training.checkpoint.RunState;
import io.descent.training.nn.NetworkBuilder;
import io.descent.training.regularization.Regularizations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code restoreBest} ends every run with the best epoch's parameters, not only a run that early
 * stopping ended: the patience here is longer than the run, so the rule never fires.
 */
class RestoreBestTest {

    private static final int EPOCHS = 10;

    private final NDManager manager = Tensors.newManager();
    private final TrainingLoop loop = new TrainingLoop(Engine.getEngine("PyTorch"));
    private final TrainingData data = separable(manager, 24, 200);

    @AfterEach
    void close() {
        manager.close();
    }

    /** A learning rate high enough that the validation loss is not lowest at the last epoch. */
    private static TrainingSpec spec(boolean restoreBest) {
        Violations v = new Violations();
        TrainingSpec base = LoopFixtures.spec(Map.of("type", "sgd", "lr", 3.0, "momentum", 0.9), "cross_entropy", EPOCHS, 4, 2);
        TrainingSpec spec = new TrainingSpec(base.layers(), base.init(), base.loss(), base.optimizer(), base.schedule(),
                Regularizations.resolve(Map.of("earlyStopping", Map.of("patience", 100, "restoreBest", restoreBest)), "", v).orElseThrow(),
                base.epochs(), base.batchSize(), base.seed(), base.device());
        assertThat(v.asList()).isEmpty();
        return spec;
    }

    private static int bestEpoch(Recorder recorder) {
        EpochMetrics best = recorder.epochs.get(0);
        for (EpochMetrics m : recorder.epochs) {
            best = m.validationLoss() < best.validationLoss() ? m : best;
        }
        return best.epoch();
    }

    /** The parameters a checkpoint holds, flattened tensor by tensor. */
    private List<float[]> parameters(TrainingSpec spec, byte[] checkpoint) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            PairList<String, Parameter> parameters = NetworkBuilder.build(spec.layers(), spec.init(), 4, 2, scope).block().getParameters();
            RunState.readParameters(new ByteArrayInputStream(checkpoint), parameters);
            List<float[]> values = new ArrayList<>();
            parameters.values().forEach(p -> values.add(p.getArray().toFloatArray()));
            return values;
        }
    }

    @Test
    void aRunThatReachesItsLastEpochEndsWithTheBestEpochsParameters() throws IOException {
        Recorder recorder = new Recorder();
        TrainingResult result = loop.run(spec(true), data, recorder);

        int best = bestEpoch(recorder);
        assertThat(best).as("the best epoch is not the last").isLessThan(EPOCHS);
        assertThat(result.earlyStop()).isNull();
        assertThat(result.epochsCompleted()).isEqualTo(EPOCHS);
        assertThat(result.weightsFromEpoch()).isEqualTo(best);
        assertThat(parameters(spec(true), recorder.checkpoints.get(EPOCHS)))
                .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(parameters(spec(true), recorder.checkpoints.get(best)));
    }

    @Test
    void withoutRestoreBestTheLastEpochsParametersStay() throws IOException {
        Recorder recorder = new Recorder();
        TrainingResult result = loop.run(spec(false), data, recorder);

        int best = bestEpoch(recorder);
        assertThat(best).isLessThan(EPOCHS);
        assertThat(result.weightsFromEpoch()).isEqualTo(EPOCHS);
        assertThat(parameters(spec(false), recorder.checkpoints.get(EPOCHS)).get(0))
                .isNotEqualTo(parameters(spec(false), recorder.checkpoints.get(best)).get(0));
    }

    @Test
    void aResumedRunRestoresTheBestEpochFromBeforeTheResume() throws IOException {
        Recorder whole = new Recorder();
        loop.run(spec(true), data, whole);
        int best = bestEpoch(whole);
        int resumeAfter = Math.max(best, EPOCHS - 2);

        Recorder resumed = new Recorder();
        TrainingResult result = loop.run(spec(true), data, resumed,
                new ResumePoint(resumeAfter, new ByteArrayInputStream(whole.checkpoints.get(resumeAfter))));

        assertThat(result.weightsFromEpoch()).isEqualTo(best);
        assertThat(parameters(spec(true), resumed.checkpoints.get(EPOCHS)))
                .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(parameters(spec(true), whole.checkpoints.get(best)));
    }
    @Test
    void aRunStoppedBetweenEpochsNamesTheBestEpochSoFarAndReportedItEveryEpoch() {
        Recorder recorder = new Recorder();
        recorder.stopAfter = EPOCHS - 3;
        TrainingResult result = loop.run(spec(true), data, recorder);

        assertThat(result.stopped()).isTrue();
        assertThat(result.epochsCompleted()).isEqualTo(EPOCHS - 3);
        int best = bestEpoch(recorder);
        assertThat(best).as("the best epoch is not the last one trained").isLessThan(EPOCHS - 3);
        assertThat(result.weightsFromEpoch()).isEqualTo(best);
        // After each epoch, the best of the epochs so far: what an observer keeps the checkpoint of.
        List<Integer> expected = new ArrayList<>();
        for (int e = 1; e <= EPOCHS - 3; e++) {
            Recorder upTo = new Recorder();
            upTo.epochs.addAll(recorder.epochs.subList(0, e));
            expected.add(bestEpoch(upTo));
        }
        assertThat(recorder.bestSoFar).isEqualTo(expected);
    }

    @Test
    void withoutRestoreBestAStoppedRunHoldsItsLastEpochAndNoBestIsReported() {
        Recorder recorder = new Recorder();
        recorder.stopAfter = EPOCHS - 3;
        TrainingResult result = loop.run(spec(false), data, recorder);

        assertThat(result.weightsFromEpoch()).isEqualTo(EPOCHS - 3);
        assertThat(recorder.bestSoFar).isEmpty();
    }
    @Test
    void aRunWhoseLossDivergesNamesTheBestEpochBeforeIt() {
        // The warm-up raises the learning rate epoch by epoch until the loss overflows.
        Violations v = new Violations();
        TrainingSpec base = spec(true);
        TrainingSpec rising = new TrainingSpec(base.layers(), base.init(), LoopFixtures.spec(Map.of("type", "sgd", "lr", 1.0), "mse", 1, 4, 2).loss(),
                io.descent.training.optim.Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", LR_THAT_DIVERGES, "momentum", 0.9), "", v).orElseThrow(),
                io.descent.training.schedule.Schedules.resolve(Map.of("type", "constant", "warmup", Map.of("steps", 6 * 50)), "", v).orElseThrow(),
                base.regularization(), 50, base.batchSize(), base.seed(), base.device());
        assertThat(v.asList()).isEmpty();
        Recorder recorder = new Recorder();

        TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> loop.run(rising, data, recorder));
        assertThat(e.epoch()).isEqualTo(recorder.epochs.size() + 1);
        int best = bestEpoch(recorder);
        assertThat(best).as("the best epoch is not the last finished one").isLessThan(recorder.epochs.size());
        assertThat(e.weightsFromEpoch()).isEqualTo(best);
        assertThat(recorder.checkpoints).containsKey(best);
    }

    private static final double LR_THAT_DIVERGES = 50.0;
}
