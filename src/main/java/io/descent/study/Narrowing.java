package io.descent.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Coarse to fine: after a stage, each range narrows to the span of the values its best trials drew
 * (in the dimension's own scale), each choice to the values they chose. A span that collapses to a
 * point (one kept trial, or all drew the same) keeps a sliver of width — 5 % of the previous range
 * in its scale on each side — so the next stage still searches.
 */
public final class Narrowing {

    static final double SLIVER = 0.05;

    private Narrowing() {}

    /** @param kept the parameters of the stage's best trials; empty leaves the space as it was */
    public static SearchSpace narrow(SearchSpace space, List<Map<String, Object>> kept) {
        if (kept.isEmpty()) {
            return space;
        }
        SortedMap<String, Distribution> next = new TreeMap<>();
        space.dimensions().forEach((pointer, distribution) -> {
            List<Object> values = new ArrayList<>();
            for (Map<String, Object> params : kept) {
                if (params.containsKey(pointer)) {
                    values.add(params.get(pointer));
                }
            }
            next.put(pointer, values.isEmpty() ? distribution : narrow(distribution, values));
        });
        return new SearchSpace(next);
    }

    static Distribution narrow(Distribution distribution, List<Object> values) {
        if (distribution instanceof Distribution.Choice choice) {
            return choice.restrictedTo(values);
        }
        Distribution.Numeric numeric = (Distribution.Numeric) distribution;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Object v : values) {
            double x = ((Number) v).doubleValue();
            low = Math.min(low, x);
            high = Math.max(high, x);
        }
        if (low == high) {
            double[] padded = sliver(numeric, low);
            low = padded[0];
            high = padded[1];
        }
        return numeric.within(Math.max(low, numeric.low()), Math.min(high, numeric.high()));
    }

    private static double[] sliver(Distribution.Numeric d, double at) {
        if (d.log()) {
            double width = (Math.log(d.high()) - Math.log(d.low())) * SLIVER;
            return new double[] {Math.exp(Math.log(at) - width), Math.exp(Math.log(at) + width)};
        }
        double width = (d.high() - d.low()) * SLIVER;
        return new double[] {at - width, at + width};
    }
}
