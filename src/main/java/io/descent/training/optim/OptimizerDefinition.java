package io.descent.training.optim;

import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;

/** A catalogue entry that creates the optimizer of one run. */
public interface OptimizerDefinition extends ComponentDefinition {

    /**
     * @param params validated parameters of this optimizer
     * @param manager parent for the optimizer's state arrays; the updater opens a sub-manager
     */
    ParameterUpdater create(Params params, NDManager manager);

    /**
     * How many tensors shaped like a parameter this optimizer keeps per parameter (momentum
     * buffers, moments), for estimating a job's memory before it is accepted.
     */
    int stateSlots(Params params);
}
