package io.descent.training.regularization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.optim.TrainableParameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the loss gradients of one step into the gradients the optimizer sees: the L1/L2 penalty
 * gradients are added first (as if the penalties were part of the loss), then clipping applies,
 * as in a PyTorch loop that calls backward() on loss + penalty and then clip_grad_*_.
 * Works in the step's scope; the parameters' own .grad tensors are left untouched.
 */
public final class GradientAdjuster {

    private final Regularization regularization;

    public GradientAdjuster(Regularization regularization) {
        this.regularization = regularization;
    }

    public boolean changesAnything() {
        return regularization.penalizes() || regularization.clipValue() != null || regularization.clipNorm() != null;
    }

    public List<TrainableParameter> adjust(List<TrainableParameter> parameters, NDManager scope) {
        List<TrainableParameter> adjusted = new ArrayList<>(parameters.size());
        for (TrainableParameter p : parameters) {
            NDArray g = p.gradient();
            if (regularization.penalizes() && (!p.bias() || regularization.applyToBiases())) {
                if (regularization.l2() != 0) {
                    g = g.add(local(p.value().mul(regularization.l2()), scope));
                }
                if (regularization.l1() != 0) {
                    g = g.add(local(p.value().sign(), scope).muli(regularization.l1()));
                }
            }
            if (regularization.clipValue() != null) {
                double v = regularization.clipValue();
                g = g.clip(-v, v);
            }
            adjusted.add(new TrainableParameter(p.name(), p.value(), local(g, scope), p.bias()));
        }
        if (regularization.clipNorm() != null) {
            return clipGlobalNorm(adjusted, regularization.clipNorm(), scope);
        }
        return adjusted;
    }

    /** torch.nn.utils.clip_grad_norm_: scale by min(1, max / (total norm + 1e-6)), without a host sync. */
    private static List<TrainableParameter> clipGlobalNorm(List<TrainableParameter> parameters, double max, NDManager scope) {
        NDArray squares = null;
        for (TrainableParameter p : parameters) {
            NDArray s = p.gradient().square().sum();
            squares = squares == null ? s : squares.add(s);
        }
        NDArray coefficient = local(squares.sqrt().add(1e-6).pow(-1).mul(max).minimum(1f), scope);
        List<TrainableParameter> clipped = new ArrayList<>(parameters.size());
        for (TrainableParameter p : parameters) {
            clipped.add(new TrainableParameter(p.name(), p.value(), p.gradient().mul(coefficient), p.bias()));
        }
        return clipped;
    }

    private static NDArray local(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }
}
