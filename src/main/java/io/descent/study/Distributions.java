package io.descent.study;

import io.descent.training.catalog.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Distributions and pruners to and from their JSON form, with a pointer for every problem. */
final class Distributions {

    private Distributions() {}

    static Optional<Distribution> parse(Object value, String at, Violations v) {
        if (!(value instanceof Map<?, ?> raw)) {
            v.add(at, "Each dimension is a distribution object: {\"type\": \"loguniform\" | \"uniform\" | \"int\" | \"choice\", ...}.");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) raw;
        Object type = d.get("type");
        String t = type == null ? "" : type.toString();
        switch (t) {
            case "loguniform", "uniform" -> {
                StudyPlanner.unknownKeys(d, Set.of("type", "low", "high"), at, v);
                Double low = number(d.get("low"), at + "/low", v);
                Double high = number(d.get("high"), at + "/high", v);
                if (low == null || high == null) {
                    return Optional.empty();
                }
                if (!(low < high)) {
                    v.add(at + "/high", "\"high\" must be above \"low\" (" + low + "); got " + high + ".");
                    return Optional.empty();
                }
                if (t.equals("loguniform") && low <= 0) {
                    v.add(at + "/low", "A log-uniform range lies above 0 (it samples 10^U(log10 low, log10 high)); got " + low
                            + ". Use \"uniform\" for a range that includes 0.");
                    return Optional.empty();
                }
                return Optional.of(t.equals("loguniform") ? new Distribution.LogUniform(low, high) : new Distribution.Uniform(low, high));
            }
            case "int" -> {
                StudyPlanner.unknownKeys(d, Set.of("type", "low", "high", "log"), at, v);
                Long low = whole(d.get("low"), at + "/low", v);
                Long high = whole(d.get("high"), at + "/high", v);
                Object log = d.get("log");
                if (log != null && !(log instanceof Boolean)) {
                    v.add(at + "/log", "\"log\" is true or false; got " + log + ".");
                    return Optional.empty();
                }
                if (low == null || high == null) {
                    return Optional.empty();
                }
                if (high < low) {
                    v.add(at + "/high", "\"high\" must be at least \"low\" (" + low + "); got " + high + ".");
                    return Optional.empty();
                }
                boolean isLog = Boolean.TRUE.equals(log);
                if (isLog && low < 1) {
                    v.add(at + "/low", "A log-scaled integer range starts at 1 or more; got " + low + ".");
                    return Optional.empty();
                }
                return Optional.of(new Distribution.IntRange(low, high, isLog));
            }
            case "choice" -> {
                StudyPlanner.unknownKeys(d, Set.of("type", "values"), at, v);
                if (!(d.get("values") instanceof List<?> values) || values.isEmpty() || values.size() > StudyPlanner.MAX_CHOICES) {
                    v.add(at + "/values", "A choice lists 1 to " + StudyPlanner.MAX_CHOICES
                            + " \"values\": numbers, strings or objects (an optimizer with its parameters).");
                    return Optional.empty();
                }
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == null) {
                        v.add(at + "/values/" + i, "A choice's values cannot be null.");
                        return Optional.empty();
                    }
                }
                return Optional.of(new Distribution.Choice(List.copyOf(values)));
            }
            default -> {
                v.add(at + "/type", "\"type\" is \"loguniform\", \"uniform\", \"int\" or \"choice\"; got " + (type == null ? "nothing" : type) + ".");
                return Optional.empty();
            }
        }
    }

    private static Double number(Object value, String at, Violations v) {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            v.add(at, "Must be a finite number; got " + (value == null ? "nothing" : value) + ".");
            return null;
        }
        return n.doubleValue();
    }

    private static Long whole(Object value, String at, Violations v) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > 1e15) {
            v.add(at, "Must be a whole number; got " + (value == null ? "nothing" : value) + ".");
            return null;
        }
        return n.longValue();
    }

    static Map<String, Object> toJson(Distribution d) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (d instanceof Distribution.IntRange i) {
            out.put("type", "int");
            out.put("low", i.from());
            out.put("high", i.to());
            out.put("log", i.log());
        } else if (d instanceof Distribution.Numeric n) {
            out.put("type", n.log() ? "loguniform" : "uniform");
            out.put("low", n.low());
            out.put("high", n.high());
        } else {
            out.put("type", "choice");
            out.put("values", ((Distribution.Choice) d).values());
        }
        return out;
    }

    static Map<String, Object> toJson(Pruner p) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (p instanceof Pruner.Median m) {
            out.put("type", "median");
            out.put("warmupEpochs", m.warmupEpochs());
            out.put("minTrials", m.minTrials());
        } else if (p instanceof Pruner.Asha a) {
            out.put("type", "asha");
            out.put("minEpochs", a.minEpochs());
            out.put("reductionFactor", a.reductionFactor());
        } else {
            out.put("type", "none");
        }
        return out;
    }

    /** Reads back what {@link #toJson(Distribution)} wrote (a stored stage's ranges). */
    static Distribution fromJson(Map<String, Object> d) {
        Violations ignored = new Violations();
        return parse(d, "", ignored).orElseThrow(() -> new IllegalStateException("stored range unreadable: " + d));
    }
}
