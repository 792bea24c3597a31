package io.descent.training.regularization;

import io.descent.training.Monitor;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.List;

/** Parameter declarations of the {@code regularization} object and its nested parts. */
final class RegularizationParams {

    private RegularizationParams() {}

    static final ComponentDefinition TOP = new Fixed("regularization", "penalties and gradient constraints", List.of(
            ParamDef.number("l1", "λ of the L1 penalty λ·‖w‖₁").defaultsTo(0.0).atLeast(0),
            ParamDef.number("l2", "λ of the L2 penalty (λ/2)·‖w‖²").defaultsTo(0.0).atLeast(0),
            ParamDef.flag("applyToBiases", false, "whether L1 and L2 also penalize biases")));

    static final ComponentDefinition CLIP = new Fixed("gradientClip", "gradient clipping", List.of(
            ParamDef.number("value", "clamp every gradient element to [−value, value]").above(0).optional(),
            ParamDef.number("norm", "scale all gradients to a global L2 norm of at most norm").above(0).optional())) {
        @Override
        public void check(Params params, String pointer, Violations violations) {
            if (params.has("value") == params.has("norm")) {
                violations.add(pointer, "Give exactly one of \"value\" (clip each element) or \"norm\" (clip the global norm).");
            }
        }
    };

    static final ComponentDefinition EARLY_STOPPING = new Fixed("earlyStopping", "early stopping", List.of(
            Monitor.PARAM,
            ParamDef.choice("mode", List.of("auto", "min", "max"), "auto", "min for losses and max for accuracies when auto"),
            ParamDef.integer("patience", "epochs without improvement before stopping").defaultsTo(5).atLeast(1),
            ParamDef.number("minDelta", "smallest change that counts as an improvement").defaultsTo(0.0).atLeast(0),
            ParamDef.flag("restoreBest", false, "end with the parameters of the best epoch")));

    private static class Fixed implements ComponentDefinition {
        private final String type;
        private final String description;
        private final List<ParamDef> params;

        Fixed(String type, String description, List<ParamDef> params) {
            this.type = type;
            this.description = description;
            this.params = params;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public List<ParamDef> params() {
            return params;
        }
    }
}
