package io.descent.training.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Type and range checks of one raw JSON value against its {@link ParamDef}. Every number must be
 * finite in float32, the precision training runs in, and every list is bounded.
 */
final class ParamValues {

    /** The most elements any list parameter may have (milestones, coefficients). */
    static final int MAX_ELEMENTS = 1000;

    private ParamValues() {}

    /** @return the normalised value, or null after adding a violation */
    static Object check(ParamDef param, Object raw, String pointer, Violations violations) {
        return switch (param.kind()) {
            case NUMBER -> number(param, raw, pointer, violations);
            case INTEGER -> integer(param, raw, pointer, violations);
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    yield b;
                }
                violations.add(pointer, "\"" + param.name() + "\" must be true or false.");
                yield null;
            }
            case CHOICE -> {
                if (raw instanceof String s && param.choices().contains(s)) {
                    yield s;
                }
                violations.add(pointer, "\"" + param.name() + "\" must be one of: " + String.join(", ", param.choices()) + ".");
                yield null;
            }
            case NUMBER_LIST, INTEGER_LIST -> list(param, raw, pointer, violations);
        };
    }

    private static Object list(ParamDef param, Object raw, String pointer, Violations violations) {
        if (!(raw instanceof List<?> items)) {
            violations.add(pointer, "\"" + param.name() + "\" must be " + param.kind().description() + ".");
            return null;
        }
        if (items.isEmpty()) {
            violations.add(pointer, "\"" + param.name() + "\" must not be empty.");
            return null;
        }
        if (items.size() > MAX_ELEMENTS) {
            violations.add(pointer, "\"" + param.name() + "\" may have at most " + MAX_ELEMENTS + " elements; got " + items.size() + ".");
            return null;
        }
        if (param.length() != null && items.size() != param.length()) {
            violations.add(pointer, "\"" + param.name() + "\" must have exactly " + param.length() + " elements.");
            return null;
        }
        List<Object> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Object item = param.kind() == ParamKind.NUMBER_LIST
                    ? number(param, items.get(i), pointer + "/" + i, violations)
                    : integer(param, items.get(i), pointer + "/" + i, violations);
            ok &= item != null;
            out.add(item);
        }
        return ok ? List.copyOf(out) : null;
    }

    private static Object number(ParamDef param, Object raw, String pointer, Violations violations) {
        if (!(raw instanceof Number n)) {
            violations.add(pointer, "\"" + param.name() + "\" must be a number" + rangeSuffix(param) + ".");
            return null;
        }
        double value = n.doubleValue();
        if (!Float.isFinite((float) value)) {
            violations.add(pointer, "\"" + param.name() + "\" must be a finite float32 number (magnitude at most " + Float.MAX_VALUE
                    + ")" + rangeSuffix(param, ", ") + "; got " + n + ".");
            return null;
        }
        if (!param.inRange(value)) {
            violations.add(pointer, "\"" + param.name() + "\" must be " + param.rangeText() + " (" + param.description() + "); got " + n + ".");
            return null;
        }
        return value;
    }

    private static Object integer(ParamDef param, Object raw, String pointer, Violations violations) {
        // 5.0 is a number, not an integer: the top-level integer fields reject it too.
        boolean integral = raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof java.math.BigInteger;
        if (!integral) {
            violations.add(pointer, "\"" + param.name() + "\" must be an integer" + rangeSuffix(param) + ".");
            return null;
        }
        // A BigInteger's longValue() keeps only its low 64 bits: 2^64 + 5 would pass as 5.
        boolean fitsLong = !(raw instanceof java.math.BigInteger big) || big.bitLength() < 64;
        long value = ((Number) raw).longValue();
        if (!fitsLong || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            violations.add(pointer, "\"" + param.name() + "\" must be a 32-bit integer" + rangeSuffix(param, ", ") + "; got " + raw + ".");
            return null;
        }
        if (!param.inRange(value)) {
            violations.add(pointer, "\"" + param.name() + "\" must be " + param.rangeText() + " (" + param.description() + "); got " + raw + ".");
            return null;
        }
        return (int) value;
    }

    private static String rangeSuffix(ParamDef param) {
        return rangeSuffix(param, " ");
    }

    private static String rangeSuffix(ParamDef param, String separator) {
        String range = param.rangeText();
        return range.isEmpty() ? "" : separator + range;
    }
}
