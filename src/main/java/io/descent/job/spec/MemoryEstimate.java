package io.descent.job.spec;

import io.descent.dataset.DatasetInfo;
import io.descent.dataset.ValidationSplit;
import io.descent.system.MemorySize;
import io.descent.training.TrainingSpec;
import io.descent.training.nn.LayerSpec;
import io.descent.training.regularization.EarlyStopping;
import java.util.Locale;

/**
 * What a job will hold in memory while it trains, estimated from its spec and dataset before it
 * is accepted (float32 throughout):
 * <ul>
 *   <li>every parameter several times over: the weights, their gradients, the copy the update ratio
 *       is measured against, the best epoch's copy when early stopping restores it, the weight
 *       average and the raw parameters it stands in for during evaluation, and the
 *       optimizer's state tensors ({@link io.descent.training.optim.OptimizerDefinition#stateSlots});
 *   <li>one batch's activations: batch size × the widths of every layer, input and output included,
 *       × {@link #ACTIVATION_FACTOR};
 *   <li>the dataset's tensors, and one more copy of them when a validation fraction is carved out
 *       or the features are normalized (the job's own copies).
 * </ul>
 */
record MemoryEstimate(long parameters, int parameterCopies, long activationRows, long activationBytes, long datasetBytes) {

    /** Per unit and row of a batch: the layer's output, its activation, the gradient and the dropout mask. */
    static final int ACTIVATION_FACTOR = 4;

    static MemoryEstimate of(TrainingSpec spec, DatasetInfo dataset, ValidationSplit validation, String normalize) {
        int outputs = dataset.classes() > 0 ? dataset.classes() : 1;
        long parameters = 0;
        long widths = dataset.featureCount();
        long previous = dataset.featureCount();
        for (LayerSpec layer : spec.layers()) {
            parameters += previous * layer.units() + layer.units();
            widths += layer.units();
            previous = layer.units();
        }
        parameters += previous * outputs + outputs;
        widths += outputs;
        EarlyStopping stopping = spec.regularization().earlyStopping();
        int copies = 3 + (stopping != null && stopping.restoreBest() ? 1 : 0) + (spec.weightAveraging() != null ? 2 : 0)
                + spec.optimizer().definition().stateSlots(spec.optimizer().params());
        long trainRows = validation.kind() == ValidationSplit.Kind.FRACTION
                ? Math.max(1, Math.round(dataset.trainSamples() * (1 - validation.fraction()))) : dataset.trainSamples();
        long batch = spec.batchSize() == null ? trainRows : Math.min(spec.batchSize(), trainRows);
        int datasetCopies = 1 + (validation.kind() == ValidationSplit.Kind.FRACTION ? 1 : 0) + ("none".equals(normalize) ? 0 : 1);
        return new MemoryEstimate(parameters, copies, batch, batch * widths * ACTIVATION_FACTOR * 4, dataset.tensorBytes() * datasetCopies);
    }

    long parameterBytes() {
        return parameters * parameterCopies * 4;
    }

    long total() {
        return parameterBytes() + activationBytes + datasetBytes;
    }

    /** The field a person would change first: the largest part's. */
    String pointer() {
        if (parameterBytes() >= activationBytes && parameterBytes() >= datasetBytes) {
            return "/model/layers";
        }
        return activationBytes >= datasetBytes ? "/batchSize" : "/dataset/id";
    }

    String explain(long limit) {
        return "The job would need about " + MemorySize.describe(total()) + " of memory: "
                + String.format(Locale.ROOT, "%,d", parameters) + " parameters × " + parameterCopies
                + " copies (weights, gradients, optimizer state, reference copies) × 4 bytes = " + MemorySize.describe(parameterBytes())
                + ", activations of a batch of " + activationRows + " rows = " + MemorySize.describe(activationBytes)
                + ", dataset tensors = " + MemorySize.describe(datasetBytes) + ". This node admits " + MemorySize.describe(limit)
                + " per job (descent.limits.max-job-memory): use fewer or narrower layers, a smaller batch size, "
                + "or an optimizer with less state.";
    }
}
