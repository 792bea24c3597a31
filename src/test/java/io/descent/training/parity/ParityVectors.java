package io.descent.training.parity;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Reads the vectors that tools/make_parity_vectors.py wrote with PyTorch. */
public final class ParityVectors {

    private ParityVectors() {}

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> cases(String name) {
        try (InputStream in = ParityVectors.class.getResourceAsStream("/parity/" + name + ".json")) {
            Map<String, Object> file = JsonMapper.builder().build().readValue(in, Map.class);
            return (List<Map<String, Object>>) file.get("cases");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static float[] floats(Object list) {
        List<Number> numbers = (List<Number>) list;
        float[] out = new float[numbers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers.get(i).floatValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static float[][] floats2(Object list) {
        return ((List<Object>) list).stream().map(ParityVectors::floats).toArray(float[][]::new);
    }

    /**
     * The absolute floor for a case: a millionth of the smallest non-zero magnitude it expects, so
     * every expected value, the smallest included, is checked to about the relative tolerance, and an
     * expected 0 must come out within that of 0. A case may state a larger floor, with its reason
     * ({@code absoluteFloor}, {@code floorReason}), where float32 itself cannot do better.
     */
    public static double floor(Map<String, Object> vector, float[]... expected) {
        Object stated = vector.get("absoluteFloor");
        return stated == null ? floor(expected) : Math.max(((Number) stated).doubleValue(), floor(expected));
    }

    public static double floor(float[]... expected) {
        double smallest = Double.MAX_VALUE;
        for (float[] values : expected) {
            for (float v : values) {
                if (v != 0) {
                    smallest = Math.min(smallest, Math.abs(v));
                }
            }
        }
        return smallest == Double.MAX_VALUE ? 0 : smallest * 1e-6;
    }

    /** |a − e| ≤ rel·|e| + abs: relative 1e-5 as float32 allows, plus a floor for values near zero. */
    public static boolean close(double actual, double expected, double relative, double absolute) {
        return Math.abs(actual - expected) <= relative * Math.abs(expected) + absolute;
    }
}
