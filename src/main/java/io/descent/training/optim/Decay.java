package io.descent.training.optim;

import ai.djl.ndarray.NDArray;

/** PyTorch's coupled weight decay, shared by every optimizer but AdamW: g ← g + wd·θ. */
final class Decay {

    private Decay() {}

    static NDArray coupled(TrainableParameter p, double weightDecay, StepScope scope) {
        return weightDecay == 0 ? p.gradient() : p.gradient().add(scope.local(p.value().mul(weightDecay)));
    }
}
