package io.descent.training.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/**
 * EMA of the parameters after every optimizer step: PyTorch's
 * {@code AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))}, whose later updates are
 * {@code p_avg.lerp_(p, 1 - decay)}.
 */
final class ExponentialAverage extends ParameterAverage {

    static final AveragingDefinition DEFINITION = new AveragingDefinition() {
        @Override
        public String type() {
            return "ema";
        }

        @Override
        public List<ParamDef> params() {
            return List.of(ParamDef.number("decay", "weight of the old average at each step; the new parameters get 1 - decay")
                    .defaultsTo(0.999).above(0).below(1));
        }

        @Override
        public String description() {
            return "Exponential moving average of the parameters, updated after every optimizer step (the first copies them).";
        }

        @Override
        public ParameterAverage create(Params params, List<NDArray> parameters, NDManager manager) {
            return new ExponentialAverage((float) (1 - params.number("decay")), parameters, manager);
        }
    };

    private final float weight;

    private ExponentialAverage(float weight, List<NDArray> parameters, NDManager manager) {
        super(parameters, manager);
        this.weight = weight;
    }

    @Override
    public void stepFinished(NDManager step) {
        update(step);
    }

    /**
     * torch.lerp exactly: a fused multiply-add on the float32 difference d = p - a, a + w·d for
     * w < 0.5, else p - (1 - w)·d. The product of two float32 values is exact in float64, so the
     * fused operation is computed there and rounded once; three separate float32 operations
     * drift from PyTorch by several ulps over many steps.
     */
    @Override
    protected void fold(NDArray average, NDArray value, long averaged, NDManager scope) {
        NDArray difference = value.sub(average);
        difference.attach(scope);
        NDArray wide = difference.toType(DataType.FLOAT64, false);
        NDArray base = (weight < 0.5f ? average : value).toType(DataType.FLOAT64, false);
        base.attach(scope);
        if (weight < 0.5f) {
            base.addi(wide.muli((double) weight));
        } else {
            base.subi(wide.muli((double) (1 - weight)));
        }
        NDArray folded = base.toType(DataType.FLOAT32, false);
        folded.attach(scope);
        folded.copyTo(average);
    }
}
