package io.descent.training.optim;

import io.descent.training.catalog.Catalog;
import java.util.List;

/** Every optimizer a job can name. Add a new one here, once. */
public final class Optimizers {

    public static final Catalog<OptimizerDefinition> CATALOG =
            new Catalog<>("optimizer", List.of(new Sgd(), new Adagrad(), new RmsProp(), Adam.adam(), Adam.adamW(), new Adadelta()));

    private Optimizers() {}
}
