package io.descent.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** Per-epoch health figures of the parameters: weight norm and relative update size. */
final class ParameterStats {

    private ParameterStats() {}

    /** Copies of every parameter, to measure the next update against; owned by {@code scope}. */
    static List<NDArray> copy(PairList<String, Parameter> parameters, NDManager scope) {
        List<NDArray> copies = new ArrayList<>(parameters.size());
        for (Pair<String, Parameter> p : parameters) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(scope);
            copies.add(copy);
        }
        return copies;
    }

    /** ‖θ − θ_before‖ / ‖θ_before‖ over all parameters (reads one number back). */
    static double updateRatio(List<NDArray> before, PairList<String, Parameter> parameters, NDManager scope) {
        try (NDManager local = scope.newSubManager()) {
            double change = 0;
            double size = 0;
            NDArray changeSum = local.zeros(new ai.djl.ndarray.types.Shape());
            NDArray sizeSum = local.zeros(new ai.djl.ndarray.types.Shape());
            for (int i = 0; i < before.size(); i++) {
                NDArray old = before.get(i);
                NDArray delta = parameters.get(i).getValue().getArray().sub(old);
                delta.attach(local);
                changeSum.addi(delta.square().sum());
                sizeSum.addi(old.square().sum());
            }
            change = Math.sqrt(changeSum.getFloat());
            size = Math.sqrt(sizeSum.getFloat());
            return size == 0 ? 0 : change / size;
        }
    }

    /** L2 norm of all weight matrices, biases excluded (reads one number back). */
    static double weightNorm(PairList<String, Parameter> parameters, NDManager scope) {
        try (NDManager local = scope.newSubManager()) {
            NDArray sum = local.zeros(new ai.djl.ndarray.types.Shape());
            for (Pair<String, Parameter> p : parameters) {
                if (p.getValue().getType() != Parameter.Type.BIAS) {
                    NDArray square = p.getValue().getArray().square();
                    square.attach(local);
                    sum.addi(square.sum());
                }
            }
            return Math.sqrt(sum.getFloat());
        }
    }
}
