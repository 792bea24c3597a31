package io.descent.training;

import io.descent.training.averaging.AveragingDefinition;
import io.descent.training.catalog.Configured;
import io.descent.training.loss.LossDefinition;
import io.descent.training.nn.InitDefinition;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.ScheduleChoice;
import java.util.List;

/**
 * A validated training configuration, independent of where the data comes from.
 *
 * @param batchSize samples per update; {@code null} means the whole training split (batch GD)
 * @param seed seeds weight initialization, dropout masks and the batch order
 * @param weightAveraging the running average of the parameters that evaluation and the trained
 *     model use; null for none (the raw parameters)
 */
public record TrainingSpec(
        List<LayerSpec> layers,
        Configured<InitDefinition> init,
        Configured<LossDefinition> loss,
        Configured<OptimizerDefinition> optimizer,
        ScheduleChoice schedule,
        Regularization regularization,
        int epochs,
        Integer batchSize,
        long seed,
        DeviceChoice device,
        Configured<AveragingDefinition> weightAveraging) {

    /** A spec without weight averaging. */
    public TrainingSpec(List<LayerSpec> layers, Configured<InitDefinition> init, Configured<LossDefinition> loss,
            Configured<OptimizerDefinition> optimizer, ScheduleChoice schedule, Regularization regularization, int epochs,
            Integer batchSize, long seed, DeviceChoice device) {
        this(layers, init, loss, optimizer, schedule, regularization, epochs, batchSize, seed, device, null);
    }

    /** The optimizer's base learning rate, which every schedule starts from. */
    public double learningRate() {
        return optimizer.params().number("lr");
    }
}
