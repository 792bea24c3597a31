package io.descent.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A built network and the max-norm constraints of its layers.
 *
 * @param maxNorms weight parameter → the largest L2 norm each unit's incoming weights may have
 * @param dropouts the dropout layers, in order
 */
public record Network(Block block, Map<Parameter, Double> maxNorms, List<SeededDropout> dropouts) {

    /** Seeds every dropout layer's mask sequence from one seed, each layer with its own stream. */
    public void reseed(long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        for (SeededDropout dropout : dropouts) {
            dropout.reseed(seeds.nextLong());
        }
    }

    /** How far each dropout layer has drawn since the last {@link #reseed}, in order. */
    public long[] dropoutDraws() {
        return dropouts.stream().mapToLong(SeededDropout::draws).toArray();
    }

    /** Continues each dropout layer's sequence where {@code draws} (from {@link #dropoutDraws}) left it. */
    public void skipDropout(long[] draws) {
        if (draws.length != dropouts.size()) {
            throw new IllegalArgumentException("Checkpoint has " + draws.length + " dropout layers, the network " + dropouts.size());
        }
        for (int i = 0; i < draws.length; i++) {
            dropouts.get(i).skip(draws[i]);
        }
    }

    /**
     * Applies the max-norm constraints in place, after an update: each row (one unit's incoming
     * weights) with a norm above the limit is scaled down to it, as torch.renorm(w, 2, 0, c).
     */
    public void constrain() {
        maxNorms.forEach((parameter, limit) -> {
            NDArray w = parameter.getArray();
            try (NDManager scope = w.getManager().newSubManager()) {
                NDArray norms = w.norm(new int[] {1}, true);
                norms.attach(scope);
                w.muli(norms.add(1e-7).pow(-1).mul(limit).minimum(1f));
            }
        });
    }
}
