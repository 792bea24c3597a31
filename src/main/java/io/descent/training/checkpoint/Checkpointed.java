package io.descent.training.checkpoint;

import java.io.IOException;

/** Training state that a checkpoint carries: written after an epoch, read to resume after it. */
public interface Checkpointed {

    void save(StateOutput out) throws IOException;

    void restore(StateInput in) throws IOException;
}
