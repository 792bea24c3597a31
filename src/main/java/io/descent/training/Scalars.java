package io.descent.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Arithmetic with a constant for code that runs while gradients are recorded (activations,
 * losses). Use these instead of DJL's {@code x.mul(0.9)}, {@code div}, {@code pow} and
 * {@code maximum} with a number there (add a method here for another such op).
 *
 * <p>Why: DJL turns the number into a tensor over a Java direct buffer (libtorch's
 * {@code from_blob}, memory libtorch does not own) and lets go of the buffer as soon as the call
 * returns. Autograd keeps that tensor for the backward pass (a product's gradient needs the other
 * factor, a quotient's the divisor, a maximum's both sides). When a garbage collection runs between
 * the forward and the backward pass, the buffer's cleaner frees its memory, malloc writes its free
 * list into it, and backward multiplies by whatever is there: {@code x.mul(0.9f)} then has a
 * gradient of −8.7e34 (ScalarsTest). Jobs failed as "diverged" now and then, only in long test
 * runs, where collections are frequent. Here the constant is a tensor libtorch allocates and owns,
 * so autograd's reference keeps it alive; its value is exact in the array's own data type, as the
 * number's would have been after type promotion.
 *
 * <p>Addition, subtraction and comparisons with a number are safe as DJL does them (autograd saves
 * neither operand), as are DJL's ops that pass numbers to libtorch as scalars ({@code clip},
 * {@code leakyRelu}, {@code elu}).
 */
public final class Scalars {

    private Scalars() {}

    /** A 0-d tensor of {@code value} in {@code like}'s type, on its device, owned by libtorch; the caller closes it. */
    public static NDArray like(NDArray like, double value) {
        return JniUtils.full((PtNDManager) like.getManager(), new Shape(), value, like.getDataType(), like.getDevice(), SparseFormat.DENSE);
    }

    public static NDArray mul(NDArray x, double value) {
        try (NDArray c = like(x, value)) {
            return x.mul(c);
        }
    }

    public static NDArray div(NDArray x, double value) {
        try (NDArray c = like(x, value)) {
            return x.div(c);
        }
    }

    public static NDArray pow(NDArray x, double exponent) {
        try (NDArray c = like(x, exponent)) {
            return x.pow(c);
        }
    }

    public static NDArray maximum(NDArray x, double value) {
        try (NDArray c = like(x, value)) {
            return x.maximum(c);
        }
    }
}
