package io.descent.training.averaging;

import io.descent.training.catalog.Catalog;
import java.util.List;

/** Every running average of the parameters a job can ask for ({@code weightAveraging}). Add a new one here, once. */
public final class WeightAveragings {

    public static final Catalog<AveragingDefinition> CATALOG =
            new Catalog<>("weight averaging", List.of(ExponentialAverage.DEFINITION, StochasticWeightAverage.DEFINITION));

    private WeightAveragings() {}
}
