package io.descent.training.regularization;

import io.descent.training.Monitor;
import io.descent.training.catalog.Catalog;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves the {@code regularization} object of a spec: validation, defaults, all violations at once. */
public final class Regularizations {

    private static final Catalog<ComponentDefinition> PARTS = new Catalog<>("regularization",
            List.of(RegularizationParams.TOP, RegularizationParams.CLIP, RegularizationParams.EARLY_STOPPING));

    private Regularizations() {}

    @SuppressWarnings("unchecked")
    public static Optional<Regularization> resolve(Map<String, Object> json, String pointer, Violations violations) {
        if (json == null) {
            return Optional.of(Regularization.NONE);
        }
        Map<String, Object> top = new LinkedHashMap<>(json);
        Object clipJson = top.remove("gradientClip");
        Object stopJson = top.remove("earlyStopping");
        int before = violations.asList().size();
        Optional<Params> base = PARTS.resolveUntyped(RegularizationParams.TOP, top, pointer, violations).map(Configured::params);
        Optional<Params> clip = Optional.empty();
        if (clipJson != null) {
            clip = object(clipJson, pointer + "/gradientClip", "{\"norm\": 1.0}", violations)
                    .flatMap(m -> PARTS.resolveUntyped(RegularizationParams.CLIP, m, pointer + "/gradientClip", violations)).map(Configured::params);
        }
        Optional<Params> stop = Optional.empty();
        if (stopJson != null) {
            stop = object(stopJson, pointer + "/earlyStopping", "{\"patience\": 5}", violations)
                    .flatMap(m -> PARTS.resolveUntyped(RegularizationParams.EARLY_STOPPING, m, pointer + "/earlyStopping", violations))
                    .map(Configured::params);
        }
        if (violations.asList().size() > before || base.isEmpty()) {
            return Optional.empty();
        }
        Params b = base.get();
        Double clipValue = clip.filter(c -> c.has("value")).map(c -> c.number("value")).orElse(null);
        Double clipNorm = clip.filter(c -> c.has("norm")).map(c -> c.number("norm")).orElse(null);
        return Optional.of(new Regularization(b.number("l1"), b.number("l2"), b.flag("applyToBiases"), clipValue, clipNorm,
                stop.map(Regularizations::earlyStopping).orElse(null)));
    }

    private static EarlyStopping earlyStopping(Params p) {
        Monitor monitor = Monitor.of(p);
        String mode = p.choice("mode");
        boolean maximize = "max".equals(mode) || ("auto".equals(mode) && monitor.isAccuracy());
        return new EarlyStopping(monitor, mode, maximize, p.integer("patience"), p.number("minDelta"), p.flag("restoreBest"));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> object(Object json, String pointer, String example, Violations violations) {
        if (json instanceof Map<?, ?> map) {
            return Optional.of((Map<String, Object>) map);
        }
        violations.add(pointer, "Must be an object such as " + example + ".");
        return Optional.empty();
    }
}
