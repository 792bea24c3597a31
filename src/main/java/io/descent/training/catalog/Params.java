package io.descent.training.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated parameter values of one component, defaults filled in, in declaration order.
 * Only {@link Catalog#resolve} creates these, so the getters never see a wrong type.
 */
public final class Params {

    private final Map<String, Object> values;

    Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Whether an {@link ParamDef#optional()} parameter was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    public double number(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public int integer(String name) {
        return ((Number) get(name)).intValue();
    }

    public boolean flag(String name) {
        return (Boolean) get(name);
    }

    public String choice(String name) {
        return (String) get(name);
    }

    public double[] numbers(String name) {
        List<?> list = (List<?>) get(name);
        return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    public int[] integers(String name) {
        List<?> list = (List<?>) get(name);
        return list.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    /** The values as JSON-ready objects, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object get(String name) {
        Object value = values.get(name);
        if (value == null && !values.containsKey(name)) {
            throw new IllegalArgumentException("Undeclared parameter " + name);
        }
        return value;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
