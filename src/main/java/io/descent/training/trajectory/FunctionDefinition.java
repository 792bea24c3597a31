package io.descent.training.trajectory;

import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;

/** A catalogue entry for a test function. */
public interface FunctionDefinition extends ComponentDefinition {

    TestFunction create(Params params);
}
