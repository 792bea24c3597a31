package io.descent.training.optim;

import io.descent.training.checkpoint.Checkpointed;
import java.util.List;

/**
 * A stateful optimizer for one training run. Not thread-safe: one training loop drives it.
 * Implementations follow {@code torch.optim} update rules exactly, including the order of
 * floating-point operations where it matters for float32 parity. Its state (buffers, moments, step
 * counts) goes into checkpoints, so a resumed run continues exactly.
 */
public interface ParameterUpdater extends AutoCloseable, Checkpointed {

    /**
     * Applies one update to every parameter, in place.
     *
     * @param learningRate the learning rate of this step, after any schedule
     */
    void step(List<TrainableParameter> parameters, double learningRate);

    /** Releases the native memory of the optimizer state (momentum buffers, moments). */
    @Override
    void close();
}
