package io.descent.training.loss;

import ai.djl.ndarray.NDArray;

/** Overflow-free forms shared by the logistic losses. */
final class StableMath {

    private StableMath() {}

    /** log(1 + e^z) as max(z, 0) + log(1 + e^(−|z|)), finite for any z. */
    static NDArray softplus(NDArray z) {
        return z.maximum(0f).add(z.abs().neg().exp().add(1f).log());
    }
}
