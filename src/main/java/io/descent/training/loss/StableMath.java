package io.descent.training.loss;

import io.descent.training.Scalars;
import ai.djl.ndarray.NDArray;

/** Overflow-free forms shared by the logistic losses. */
final class StableMath {

    private StableMath() {}

    /** log(1 + e^z) as max(z, 0) + log(1 + e^(−|z|)), finite for any z. */
    static NDArray softplus(NDArray z) {
        return Scalars.maximum(z, 0).add(z.abs().neg().exp().add(1f).log());
    }
}
