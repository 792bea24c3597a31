package io.descent.training.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/** A catalogue component chosen by a spec, with its validated parameters. */
public record Configured<D extends ComponentDefinition>(D definition, Params params) {

    /** The canonical JSON object: {@code type} first, then every parameter with defaults filled. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", definition.type());
        json.putAll(params.asMap());
        return json;
    }
}
