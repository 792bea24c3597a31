package io.descent.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference's "beware a best value on the edge of the range": when the best trial's value of a
 * numeric parameter lies in the outer 10 % of the range the study was given (in that parameter's
 * scale), the range was probably wrong.
 */
public final class BoundaryWarnings {

    static final double EDGE = 0.10;

    public record Warning(String pointer, String message) {}

    private BoundaryWarnings() {}

    public static List<Warning> of(SearchSpace declared, Map<String, Object> best) {
        List<Warning> warnings = new ArrayList<>();
        declared.dimensions().forEach((pointer, distribution) -> {
            if (!(distribution instanceof Distribution.Numeric numeric) || !(best.get(pointer) instanceof Number value)
                    || numeric.high() <= numeric.low()) {
                return;
            }
            double position = numeric.position(value.doubleValue());
            String scale = numeric.log() ? "log scale" : "linear scale";
            if (position <= EDGE) {
                warnings.add(new Warning(pointer, String.format(Locale.ROOT,
                        "The best trial's %s = %s lies in the lowest 10%% of its range [%s, %s] (%s): the optimum may be below"
                                + " the range. Lower \"low\" and search again.", pointer, number(value.doubleValue()), number(numeric.low()),
                        number(numeric.high()), scale)));
            } else if (position >= 1 - EDGE) {
                warnings.add(new Warning(pointer, String.format(Locale.ROOT,
                        "The best trial's %s = %s lies in the highest 10%% of its range [%s, %s] (%s): the optimum may be above"
                                + " the range. Raise \"high\" and search again.", pointer, number(value.doubleValue()), number(numeric.low()),
                        number(numeric.high()), scale)));
            }
        });
        return warnings;
    }

    /** Six significant digits without trailing zeros: 0, 0.6, 1.5e-05. */
    static String number(double x) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", x)).stripTrailingZeros().toString();
    }
}
