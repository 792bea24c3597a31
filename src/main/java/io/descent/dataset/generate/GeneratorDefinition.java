package io.descent.dataset.generate;

import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Params;
import java.util.Random;

/** A catalogue entry for a synthetic dataset generator. */
public interface GeneratorDefinition extends ComponentDefinition {

    GeneratedData generate(Params params, Random random);

    /** Features per row the parameters ask for, known before anything is generated. */
    int features(Params params);
}
