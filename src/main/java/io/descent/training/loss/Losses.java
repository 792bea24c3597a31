package io.descent.training.loss;

import io.descent.training.catalog.Catalog;
import java.util.List;

/** Every loss a job can name. Add a new one here, once. */
public final class Losses {

    public static final Catalog<LossDefinition> CATALOG =
            new Catalog<>("loss", List.of(new CrossEntropy(), new NegativeLogLikelihood(),
            new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new BinaryCrossEntropy(), new BinaryCrossEntropyWithLogits(),
            new SoftMargin(), new MultilabelSoftMargin(), new Hinge()));

    private Losses() {}
}
