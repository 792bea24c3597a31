package io.descent.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The first admin key of an exposed service: the configured one ({@code descent.security.admin-key}),
 * or, when keys are required and no admin key exists, one generated now and printed once (as Jupyter
 * prints its token). Only its hash is stored; a lost key is replaced by configuring another.
 */
@Component
class KeyBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private final ApiKeys keys;
    private final AccessMode mode;
    private final AccessProperties properties;

    private final boolean apiEnabled;

    KeyBootstrap(ApiKeys keys, AccessMode mode, AccessProperties properties,
            @org.springframework.beans.factory.annotation.Value("${descent.api.enabled:true}") boolean apiEnabled) {
        this.keys = keys;
        this.mode = mode;
        this.properties = properties;
        this.apiEnabled = apiEnabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configured = properties.adminKey();
        if (configured != null && !configured.isBlank()) {
            try {
                if (keys.adopt(configured.strip(), "admin (descent.security.admin-key)", Role.ADMIN)) {
                    log.info("Stored the configured admin key (descent.security.admin-key) as a hash");
                }
            } catch (org.springframework.dao.DataIntegrityViolationException storedByAnotherNode) {
                // Nodes starting together with the same key: the other one stored it first.
            }
        } else if (mode.keysRequired() && apiEnabled && !keys.anyAdmin()) {
            // Only a node that serves the API makes one: a worker's log is not where anyone looks for it.
            ApiKeys.Created created = keys.create("admin (generated at first start)", Role.ADMIN, null);
            log.warn("""

                    ****************************************************************************************
                    Listening on {}: API requests need a key. Generated the first admin key; it is shown
                    once and stored only as a hash:

                        {}

                    Use it as "Authorization: Bearer <key>"; make more with POST /api/v1/keys.
                    ****************************************************************************************""",
                    mode.address(), created.key());
        }
        if (mode.keysRequired()) {
            log.info("API keys required (listening on {})", mode.address());
        }
    }
}
