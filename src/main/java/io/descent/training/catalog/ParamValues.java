package io.descent.training.catalog;

import java.util.ArrayList;
import java.util.List;

/** Type and range checks of one raw JSON value against its {@link ParamDef}. */
final class ParamValues {

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
        long value = ((Number) raw).longValue();
        if (!param.inRange(value) || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            violations.add(pointer, "\"" + param.name() + "\" must be " + param.rangeText() + " (" + param.description() + "); got " + raw + ".");
            return null;
        }
        return (int) value;
    }

    private static String rangeSuffix(ParamDef param) {
        String range = param.rangeText();
        return range.isEmpty() ? "" : " " + range;
    }
}
