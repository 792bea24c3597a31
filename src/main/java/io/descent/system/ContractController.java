package io.descent.system;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the API contract, {@code openapi/openapi.yaml}, byte for byte (the build copies it onto
 * the classpath); {@code /swagger-ui.html} renders it. A controller rather than a static resource
 * because neither Spring nor the servlet container knows the YAML media type.
 */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class ContractController {

    private static final Resource CONTRACT = new ClassPathResource("contract/openapi.yaml");

    @GetMapping(value = "/openapi.yaml", produces = "application/yaml")
    ResponseEntity<Resource> contract() {
        return ResponseEntity.ok(CONTRACT);
    }
}
