package io.descent.training.optim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.support.Tensors;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What an optimizer declares it keeps per parameter is what it really keeps, so memory estimates hold. */
class StateSlotsTest {

    static List<Map<String, Object>> optimizers() {
        return List.of(
                Map.of("type", "sgd"),
                Map.of("type", "sgd", "momentum", 0.9),
                Map.of("type", "adam"),
                Map.of("type", "adam", "amsgrad", true),
                Map.of("type", "adamw"),
                Map.of("type", "adagrad"),
                Map.of("type", "rmsprop"),
                Map.of("type", "rmsprop", "centered", true),
                Map.of("type", "rmsprop", "momentum", 0.5),
                Map.of("type", "rmsprop", "centered", true, "momentum", 0.5),
                Map.of("type", "adadelta"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void declaredSlotsAreTheTensorsKeptAfterAStep(Map<String, Object> spec) throws Exception {
        Violations violations = new Violations();
        Configured<OptimizerDefinition> optimizer = Optimizers.CATALOG.resolve(spec, "", violations).orElseThrow();
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        try (NDManager manager = Tensors.newManager();
                ParameterUpdater updater = optimizer.definition().create(optimizer.params(), manager)) {
            NDArray value = manager.create(new float[] {1, -2, 3});
            updater.step(List.of(new TrainableParameter("w", value, manager.create(new float[] {0.5f, -1, 2}), false)), 0.1);
            StateOutput out = new StateOutput(saved);
            updater.save(out);
            out.flush();

            StateInput in = new StateInput(new ByteArrayInputStream(saved.toByteArray()));
            assertThat(in.readInt()).as("parameters with state").isEqualTo(1);
            in.readString();
            in.readLong();
            int kept = 0;
            for (int slots = in.readInt(), i = 0; i < slots; i++) {
                kept += in.readArray(manager) == null ? 0 : 1;
            }
            assertThat(kept).isEqualTo(optimizer.definition().stateSlots(optimizer.params()));
        }
    }
}
