package io.descent.training.catalog;

import java.util.List;

/**
 * A named entry of a catalogue: what a job spec calls it ({@code type}), the parameters it
 * takes and a sentence for the documentation. Adding an optimizer, loss, schedule or activation
 * means writing one class that implements the matching sub-interface and listing it once in its
 * catalogue.
 */
public interface ComponentDefinition {

    /** The value of {@code "type"} in a job spec, lower snake case. */
    String type();

    /** Declared parameters, in the order they are documented and echoed back. */
    List<ParamDef> params();

    String description();

    /**
     * Cross-parameter checks that single ranges cannot express; add violations relative to
     * {@code pointer}. Most components have none.
     */
    default void check(Params params, String pointer, Violations violations) {}
}
