package io.descent.training.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of one kind of component, and the single place that turns a JSON object such as
 * {@code {"type": "sgd", "lr": 0.1}} into a validated {@link Configured} component.
 */
public final class Catalog<D extends ComponentDefinition> {

    private final String kind;
    private final Map<String, D> byType = new LinkedHashMap<>();

    /** @param kind what the components are called in messages, e.g. "optimizer" */
    public Catalog(String kind, List<D> definitions) {
        this.kind = kind;
        for (D definition : definitions) {
            if (byType.put(definition.type(), definition) != null) {
                throw new IllegalArgumentException("Duplicate " + kind + " type " + definition.type());
            }
        }
    }

    public Optional<D> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Collection<D> all() {
        return byType.values();
    }

    public String knownTypes() {
        return String.join(", ", byType.keySet());
    }

    /**
     * Validates {@code json} at {@code pointer}; adds every problem to {@code violations}.
     *
     * @return the component, or empty when anything was wrong
     */
    public Optional<Configured<D>> resolve(Map<String, Object> json, String pointer, Violations violations) {
        if (json == null) {
            violations.add(pointer, "Give the " + kind + " as an object with a \"type\"; known types: " + knownTypes() + ".");
            return Optional.empty();
        }
        Object type = json.get("type");
        if (!(type instanceof String name) || name.isBlank()) {
            violations.add(pointer + "/type", "Set \"type\" to one of: " + knownTypes() + ".");
            return Optional.empty();
        }
        D definition = byType.get(name);
        if (definition == null) {
            violations.add(pointer + "/type", "Unknown " + kind + " type \"" + name + "\"; known types: " + knownTypes() + ".");
            return Optional.empty();
        }
        return resolve(definition, json, pointer, violations);
    }

    /** Validates the parameters of an already chosen definition (the {@code type} key is ignored). */
    public Optional<Configured<D>> resolve(D definition, Map<String, Object> json, String pointer, Violations violations) {
        return resolve(definition, json, pointer, violations, true);
    }

    /** Validates an object that has no {@code type} of its own (a warm-up, early stopping): a "type" key is an error. */
    public Optional<Configured<D>> resolveUntyped(D definition, Map<String, Object> json, String pointer, Violations violations) {
        return resolve(definition, json, pointer, violations, false);
    }

    private Optional<Configured<D>> resolve(D definition, Map<String, Object> json, String pointer, Violations violations, boolean typed) {
        Map<String, ParamDef> declared = new LinkedHashMap<>();
        definition.params().forEach(p -> declared.put(p.name(), p));
        boolean ok = true;
        for (String key : json.keySet()) {
            if (!(typed && key.equals("type")) && !declared.containsKey(key)) {
                String accepted = declared.isEmpty() ? "it takes no parameters" : "it accepts: " + String.join(", ", declared.keySet());
                violations.add(pointer + "/" + key, kind + " \"" + definition.type() + "\" has no parameter \"" + key + "\"; " + accepted + ".");
                ok = false;
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamDef param : declared.values()) {
            Object raw = json.get(param.name());
            if (raw == null) {
                if (param.isOptional()) {
                    continue;
                }
                if (param.required()) {
                    violations.add(pointer + "/" + param.name(), "\"" + param.name() + "\" is required for " + kind + " \"" + definition.type() + "\" (" + param.description() + ").");
                    ok = false;
                } else {
                    values.put(param.name(), param.defaultValue());
                }
                continue;
            }
            Object value = ParamValues.check(param, raw, pointer + "/" + param.name(), violations);
            if (value == null) {
                ok = false;
            } else {
                values.put(param.name(), value);
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        Params params = new Params(values);
        int before = violations.asList().size();
        definition.check(params, pointer, violations);
        if (violations.asList().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Configured<>(definition, params));
    }
}
