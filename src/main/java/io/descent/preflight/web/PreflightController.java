package io.descent.preflight.web;

import io.descent.job.spec.JobSpec;
import io.descent.preflight.Preflight;
import io.descent.preflight.PreflightOptions;
import io.descent.preflight.PreflightReport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/preflight}: the sanity checks of a job spec, answered synchronously; nothing is stored. */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class PreflightController {

    private final Preflight preflight;

    PreflightController(Preflight preflight) {
        this.preflight = preflight;
    }

    @PostMapping(value = "/api/v1/preflight", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreflightReport check(@RequestBody JobSpec spec,
            @RequestParam(defaultValue = "" + PreflightOptions.DEFAULT_SUBSET_SIZE) int subsetSize,
            @RequestParam(defaultValue = "" + PreflightOptions.DEFAULT_MAX_STEPS) int maxSteps) {
        return preflight.check(spec, new PreflightOptions(subsetSize, maxSteps));
    }
}
