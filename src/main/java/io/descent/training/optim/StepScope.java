package io.descent.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Native temporaries of one optimizer step. DJL attaches an op's result to the manager of its
 * receiver, so a temporary computed from a long-lived parameter or state tensor would live as
 * long as that tensor; {@link #local} moves it here so it is freed when the step ends.
 */
final class StepScope implements AutoCloseable {

    private final NDManager manager;

    StepScope(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    NDArray local(NDArray array) {
        array.attach(manager);
        return array;
    }

    @Override
    public void close() {
        manager.close();
    }
}
