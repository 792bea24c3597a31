package io.descent.training.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/**
 * SWA: the equal-weight mean of the parameters at the end of each epoch from {@code startEpoch}
 * on, PyTorch's default {@code AveragedModel} update {@code p_avg + (p - p_avg) / (n + 1)}.
 */
final class StochasticWeightAverage extends ParameterAverage {

    static final AveragingDefinition DEFINITION = new AveragingDefinition() {
        @Override
        public String type() {
            return "swa";
        }

        @Override
        public List<ParamDef> params() {
            return List.of(ParamDef.integer("startEpoch", "1-based epoch whose end adds the first parameters to the mean; "
                    + "at most the job's epochs").atLeast(1));
        }

        @Override
        public String description() {
            return "Stochastic weight averaging: the mean of the parameters at the end of every epoch from startEpoch on; "
                    + "before it, the raw parameters are used.";
        }

        @Override
        public ParameterAverage create(Params params, List<NDArray> parameters, NDManager manager) {
            return new StochasticWeightAverage(params.integer("startEpoch"), parameters, manager);
        }
    };

    private final int startEpoch;

    private StochasticWeightAverage(int startEpoch, List<NDArray> parameters, NDManager manager) {
        super(parameters, manager);
        this.startEpoch = startEpoch;
    }

    @Override
    public void trainingFinished(int epoch, NDManager scope) {
        if (epoch + 1 >= startEpoch) {
            update(scope);
        }
    }

    @Override
    protected void fold(NDArray average, NDArray value, long averaged, NDManager scope) {
        NDArray step = value.sub(average);
        step.attach(scope);
        average.addi(step.divi((float) (averaged + 1)));
    }
}
