package io.descent.training.loss;

import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;
import java.util.Set;

/** A catalogue entry for a loss. */
public interface LossDefinition extends ComponentDefinition {

    ParamDef REDUCTION = ParamDef.choice("reduction", List.of("mean", "sum"), "mean", "how the batch's terms are combined");

    /** The targets this loss is defined for; a spec pairing it with another dataset is rejected. */
    Set<TargetKind> targets();

    /**
     * @param classes number of classes for classification targets, 0 for real targets
     */
    LossFunction create(Params params, int classes);
}
