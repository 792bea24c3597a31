package io.descent.study;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.descent.job.spec.JobSpec;
import java.util.List;
import java.util.Map;

/**
 * A study as it travels over HTTP and is stored (with every default filled in). Loosely typed
 * where the JSON is, checked by {@link StudyPlanner} with a pointer for every problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyRequest(
        String name,
        JobSpec base,
        Map<String, Object> space,
        Map<String, Object> objective,
        String strategy,
        Integer trials,
        Long seed,
        List<Object> stages,
        Map<String, Object> pruner,
        Integer maxConcurrentTrials,
        Integer maxFailedTrials,
        Map<String, Object> repeat,
        String preflight) {}
