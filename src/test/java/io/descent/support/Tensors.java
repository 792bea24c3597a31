package io.descent.support;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/** Shared engine access for tests that compute with NDArrays. */
public final class Tensors {

    private Tensors() {}

    public static NDManager newManager() {
        return NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    }
}
