package io.descent.preflight;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.descent.training.TrainingData;
import io.descent.training.TrainingSpec;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.ScheduleChoice;
import io.descent.training.schedule.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference's recipe for fitting a tiny subset: the spec's network, init, loss and optimizer
 * at its base learning rate, with regularization off, trained in full batches.
 */
final class TinySubsetSpec {

    private TinySubsetSpec() {}

    /**
     * Dropout (the only stochastic layer, so training mode then equals evaluation mode), max-norm
     * constraints, L1/L2 penalties, the optimizer's weight decay and early stopping are removed; the
     * schedule becomes constant at the spec's base rate (a per-epoch schedule would otherwise decay
     * once per step here, and a warm-up would start below that rate). Gradient clipping stays: it
     * guards the updates' size rather than penalising the weights.
     *
     * @param epochs each one is a single full-batch step
     */
    static TrainingSpec of(TrainingSpec spec, int epochs) {
        List<LayerSpec> layers = spec.layers().stream().map(l -> new LayerSpec(l.units(), l.activation(), 0, null)).toList();
        Violations violations = new Violations();
        Map<String, Object> optimizer = new LinkedHashMap<>(spec.optimizer().toJson());
        optimizer.computeIfPresent("weightDecay", (name, value) -> 0.0);
        Configured<OptimizerDefinition> plain = Optimizers.CATALOG.resolve(optimizer, "/optimizer", violations).orElseThrow();
        ScheduleChoice constant = Schedules.resolve(Map.of("type", "constant"), "/schedule", violations).orElseThrow();
        if (!violations.isEmpty()) {
            throw new IllegalStateException("An accepted spec stopped resolving without regularization: " + violations.asList());
        }
        Regularization clipOnly = new Regularization(0, 0, false, spec.regularization().clipValue(), spec.regularization().clipNorm(), null);
        return new TrainingSpec(layers, spec.init(), spec.loss(), plain, constant, clipOnly, epochs, null, spec.seed(), spec.device());
    }

    /** The first {@code rows} training rows (all of them when there are fewer), nothing to validate on; views owned by {@code scope}. */
    static TrainingData head(TrainingData data, int rows, NDManager scope) {
        NDIndex first = new NDIndex("0:{}", Math.min(rows, data.trainSize()));
        NDArray x = data.trainFeatures().get(scope, first);
        NDArray y = data.trainLabels().get(scope, first);
        return new TrainingData(x, y, null, null, data.classes(), data.normalization());
    }
}
