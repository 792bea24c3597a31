package io.descent.training.catalog;

import java.util.List;

/**
 * One named parameter of a catalogue component (an optimizer, loss, schedule or activation):
 * its JSON shape, default, allowed range and a one-line description for documentation.
 *
 * <p>A {@code null} default means the parameter is required. Ranges apply to each element of a
 * list; {@code length} fixes the number of elements when non-null.
 */
public record ParamDef(
        String name,
        ParamKind kind,
        Object defaultValue,
        Double min,
        boolean minInclusive,
        Double max,
        boolean maxInclusive,
        Integer length,
        List<String> choices,
        String description) {

    /** Default of {@link #optional()} parameters: nothing is filled in. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(none)";
        }
    };

    public static ParamDef number(String name, String description) {
        return new ParamDef(name, ParamKind.NUMBER, null, null, true, null, true, null, List.of(), description);
    }

    public static ParamDef integer(String name, String description) {
        return new ParamDef(name, ParamKind.INTEGER, null, null, true, null, true, null, List.of(), description);
    }

    public static ParamDef flag(String name, boolean defaultValue, String description) {
        return new ParamDef(name, ParamKind.BOOLEAN, defaultValue, null, true, null, true, null, List.of(), description);
    }

    public static ParamDef numbers(String name, String description) {
        return new ParamDef(name, ParamKind.NUMBER_LIST, null, null, true, null, true, null, List.of(), description);
    }

    public static ParamDef integers(String name, String description) {
        return new ParamDef(name, ParamKind.INTEGER_LIST, null, null, true, null, true, null, List.of(), description);
    }

    public static ParamDef choice(String name, List<String> choices, String defaultValue, String description) {
        return new ParamDef(name, ParamKind.CHOICE, defaultValue, null, true, null, true, null, List.copyOf(choices), description);
    }

    public ParamDef defaultsTo(Object value) {
        return new ParamDef(name, kind, value, min, minInclusive, max, maxInclusive, length, choices, description);
    }

    /** Values must be strictly greater than {@code bound}. */
    public ParamDef above(double bound) {
        return new ParamDef(name, kind, defaultValue, bound, false, max, maxInclusive, length, choices, description);
    }

    /** Values must be at least {@code bound}. */
    public ParamDef atLeast(double bound) {
        return new ParamDef(name, kind, defaultValue, bound, true, max, maxInclusive, length, choices, description);
    }

    /** Values must be strictly less than {@code bound}. */
    public ParamDef below(double bound) {
        return new ParamDef(name, kind, defaultValue, min, minInclusive, bound, false, length, choices, description);
    }

    /** Values must be at most {@code bound}. */
    public ParamDef atMost(double bound) {
        return new ParamDef(name, kind, defaultValue, min, minInclusive, bound, true, length, choices, description);
    }

    public ParamDef ofLength(int elements) {
        return new ParamDef(name, kind, defaultValue, min, minInclusive, max, maxInclusive, elements, choices, description);
    }

    /** Marks a parameter with no default that may be left out (then it is absent from the echoed spec). */
    public ParamDef optional() {
        return defaultsTo(ABSENT);
    }

    public boolean required() {
        return defaultValue == null;
    }

    public boolean isOptional() {
        return defaultValue == ABSENT;
    }

    /** The allowed range as a person reads it, e.g. "in [0, 1)" or "> 0"; empty when unbounded. */
    public String rangeText() {
        if (min != null && max != null) {
            return "in " + (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")");
        }
        if (min != null) {
            return (minInclusive ? ">= " : "> ") + format(min);
        }
        if (max != null) {
            return (maxInclusive ? "<= " : "< ") + format(max);
        }
        return "";
    }

    boolean inRange(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return false;
        }
        if (min != null && (minInclusive ? value < min : value <= min)) {
            return false;
        }
        return max == null || (maxInclusive ? value <= max : value < max);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
