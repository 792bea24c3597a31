package io.descent.study;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stored studies' plans (a study's spec never changes, so each is parsed once) and their stages' ranges. */
@Component
class StudyPlans {

    private final StudyPlanner planner;
    private final JsonMapper json;
    private final Cache<UUID, StudyPlan> plans = Caffeine.newBuilder().maximumSize(256).build();

    StudyPlans(StudyPlanner planner, JsonMapper json) {
        this.planner = planner;
        this.json = json;
    }

    StudyPlan of(Study study) {
        return plans.get(study.getId(), id -> planner.stored(json.readValue(study.getSpecJson(), StudyRequest.class)));
    }

    StudyRequest request(Study study) {
        return json.readValue(study.getSpecJson(), StudyRequest.class);
    }

    /** Each started stage's space, stage 0 first. */
    List<SearchSpace> stages(Study study) {
        List<Map<String, Map<String, Object>>> raw = json.readValue(study.getStagesJson(), new TypeReference<>() {});
        List<SearchSpace> out = new ArrayList<>();
        for (Map<String, Map<String, Object>> stage : raw) {
            TreeMap<String, Distribution> dims = new TreeMap<>();
            stage.forEach((pointer, d) -> dims.put(pointer, Distributions.fromJson(d)));
            out.add(new SearchSpace(dims));
        }
        return out;
    }

    String stagesJson(List<SearchSpace> stages) {
        List<Map<String, Object>> raw = new ArrayList<>();
        for (SearchSpace space : stages) {
            Map<String, Object> stage = new LinkedHashMap<>();
            space.dimensions().forEach((pointer, d) -> stage.put(pointer, Distributions.toJson(d)));
            raw.add(stage);
        }
        return json.writeValueAsString(raw);
    }

    String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    Object readTree(String text) {
        return json.readValue(text, Object.class);
    }

    void forget(UUID id) {
        plans.invalidate(id);
    }
}
