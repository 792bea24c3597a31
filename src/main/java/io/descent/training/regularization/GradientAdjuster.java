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
 * New tensors go to the step's scope; the parameters' own .grad tensors, which outlive the step,
 * are neither changed nor moved there.
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
                    g = local(g.add(local(p.value().mul(regularization.l2()), scope)), scope);
                }
                if (regularization.l1() != 0) {
                    g = local(g.add(local(p.value().sign(), scope).muli(regularization.l1())), scope);
                }
            }
            if (regularization.clipValue() != null) {
                double v = regularization.clipValue();
                g = local(g.clip(-v, v), scope);
            }
            adjusted.add(new TrainableParameter(p.name(), p.value(), g, p.bias()));
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
            // Results land on the receiver's manager: the first one is moved to the step's scope, so
            // the rest follow it there instead of piling up beside a long-lived .grad tensor.
            NDArray s = local(p.gradient().square(), scope).sum();
            squares = squares == null ? s : squares.add(s);
        }
        NDArray coefficient = local(squares.sqrt().add(1e-6).pow(-1).mul(max).minimum(1f), scope);
        List<TrainableParameter> clipped = new ArrayList<>(parameters.size());
        for (TrainableParameter p : parameters) {
            clipped.add(new TrainableParameter(p.name(), p.value(), local(p.gradient().mul(coefficient), scope), p.bias()));
        }
        return clipped;
    }

    private static NDArray local(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }
}
