package io.descent.training.nn;

import io.descent.training.catalog.Catalog;

/** Every weight initialization a model can name. Add a new one here, once. */
public final class Initializations {

    public static final Catalog<InitDefinition> CATALOG = new Catalog<>("init", Init.all());

    private Initializations() {}
}
