package io.descent.training.regularization;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.descent.support.Tensors;
import io.descent.training.EpochMetrics;
import io.descent.training.Monitor;
import io.descent.training.TrainingResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EarlyStopperTest {

    private final NDManager manager = Tensors.newManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private static EpochMetrics epoch(int n, double validationLoss) {
        return new EpochMetrics(n, 1, null, validationLoss, null, 0.1, 0, 0, 0, 0);
    }

    private PairList<String, Parameter> weight(float value) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.full(new Shape(1), value, DataType.FLOAT32));
        PairList<String, Parameter> list = new PairList<>();
        list.add("w", p);
        return list;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementBeyondMinDelta() {
        EarlyStopping rule = new EarlyStopping(Monitor.VALIDATION_LOSS, "auto", false, 2, 0.05, false);
        try (EarlyStopper stopper = new EarlyStopper(rule, weight(0), manager)) {
            assertThat(stopper.epochFinished(epoch(1, 1.0))).isNull();
            assertThat(stopper.epochFinished(epoch(2, 0.9))).isNull();
            assertThat(stopper.epochFinished(epoch(3, 0.88))).as("0.02 better is below minDelta").isNull();
            TrainingResult.EarlyStop stop = stopper.epochFinished(epoch(4, 0.95));
            assertThat(stop).isNotNull();
            assertThat(stop.stoppedAfterEpoch()).isEqualTo(4);
            assertThat(stop.bestEpoch()).isEqualTo(2);
            assertThat(stop.bestValue()).isEqualTo(0.9);
            assertThat(stop.restoredBest()).isFalse();
            assertThat(stop.reason()).contains("validation_loss", "2 epoch(s)", "epoch 2");
        }
    }

    @Test
    void restoresTheParametersOfTheBestEpoch() {
        PairList<String, Parameter> parameters = weight(1f);
        EarlyStopping rule = new EarlyStopping(Monitor.VALIDATION_LOSS, "min", false, 1, 0, true);
        try (EarlyStopper stopper = new EarlyStopper(rule, parameters, manager)) {
            stopper.epochFinished(epoch(1, 0.5));
            parameters.get(0).getValue().getArray().addi(5f);
            TrainingResult.EarlyStop stop = stopper.epochFinished(epoch(2, 0.7));
            assertThat(stop.restoredBest()).isTrue();
            assertThat(parameters.get(0).getValue().getArray().toFloatArray()).containsExactly(1f);
        }
    }
}
