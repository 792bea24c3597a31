package io.descent.training.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;
import java.util.List;

/** A catalogue entry for a running average of the parameters ({@code weightAveraging}). */
public interface AveragingDefinition extends ComponentDefinition {

    /**
     * @param parameters the network's parameter tensors, read (never written) as they train
     * @param manager parent of the average's native memory
     */
    ParameterAverage create(Params params, List<NDArray> parameters, NDManager manager);
}
