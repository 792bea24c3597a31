package io.descent.training.optim;

import ai.djl.ndarray.NDArray;

/**
 * An optimizer's state for one parameter: its tensors (momentum buffers, moments; a slot may stay
 * null until first used) and its step count. One shape for every optimizer, so checkpoints can
 * save and restore any of them the same way.
 */
final class ParamState {

    final NDArray[] tensors;
    long step;

    ParamState(NDArray... tensors) {
        this.tensors = tensors;
    }
}
