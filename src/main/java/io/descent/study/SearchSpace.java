package io.descent.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The distributions of a study's hyperparameters, each at a JSON pointer into the job spec.
 * Pointers are kept sorted, so the draws of a trial do not depend on the order the request listed them in.
 */
public record SearchSpace(SortedMap<String, Distribution> dimensions) {

    public SearchSpace {
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
    }

    /**
     * The parameters of one trial: a pure function of (seed, stage, index in the stage) and the
     * space, so the same study spec and seed give the same trials in the same order, on any node,
     * however often a crashed advance is retried.
     */
    public Map<String, Object> sample(long seed, int stage, int index) {
        SplittableRandom random = new SplittableRandom(mix(seed, stage, index));
        Map<String, Object> values = new LinkedHashMap<>();
        dimensions.forEach((pointer, distribution) -> values.put(pointer, distribution.sample(random)));
        return values;
    }

    /** Every combination of the choices' values, the last pointer varying fastest (grid search). */
    public List<Map<String, Object>> grid() {
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, Distribution> dimension : dimensions.entrySet()) {
            if (!(dimension.getValue() instanceof Distribution.Choice choice)) {
                throw new IllegalArgumentException(dimension.getKey() + " is not a choice; a grid enumerates choices only");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : combinations) {
                for (Object value : choice.values()) {
                    Map<String, Object> combination = new LinkedHashMap<>(partial);
                    combination.put(dimension.getKey(), value);
                    next.add(combination);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** The number of grid points, saturating at {@code Long.MAX_VALUE}. */
    public long gridSize() {
        long size = 1;
        for (Distribution d : dimensions.values()) {
            int n = d instanceof Distribution.Choice c ? c.values().size() : 0;
            size = n == 0 ? 0 : size > Long.MAX_VALUE / n ? Long.MAX_VALUE : size * n;
        }
        return size;
    }

    private static long mix(long seed, int stage, int index) {
        // SplitMix64's finaliser over the three: nearby seeds and indices give unrelated streams.
        long z = seed * 0x9E3779B97F4A7C15L + stage * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
