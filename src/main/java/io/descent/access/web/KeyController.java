package io.descent.access.web;

import io.descent.access.ApiKeys;
import io.descent.access.KeyNotFoundException;
import io.descent.access.Quotas;
import io.descent.access.Role;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.system.UserText;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API keys (admin only, by the security rules): make one (shown once), list them, revoke one. */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
@RequestMapping("/api/v1/keys")
class KeyController {

    private final ApiKeys keys;

    KeyController(ApiKeys keys) {
        this.keys = keys;
    }

    /**
     * @param role {@code admin} or {@code user} (the default)
     * @param quotas this key's own limits; a field left out takes the configured default
     */
    record KeyRequest(String name, String role, Quotas.Overrides quotas) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApiKeys.Created> create(@RequestBody KeyRequest request) {
        List<BodyProblem> errors = new ArrayList<>();
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add(error("/name", "\"name\" says whose key this is, e.g. \"alice\" or \"ci\"; it is required."));
        } else {
            UserText.problem("name", name, 200).ifPresent(p -> errors.add(error("/name", p)));
        }
        Role role = Role.USER;
        if (request.role() != null) {
            try {
                role = Role.valueOf(request.role().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(error("/role", "\"role\" is \"admin\" or \"user\"; got \"" + request.role() + "\"."));
            }
        }
        Quotas.Overrides q = request.quotas();
        if (q != null) {
            positive(errors, "/quotas/maxActiveJobs", q.maxActiveJobs());
            positive(errors, "/quotas/maxRunningTrials", q.maxRunningTrials());
            positive(errors, "/quotas/maxDatasetBytes", q.maxDatasetBytes());
            positive(errors, "/quotas/maxRequestsPerMinute", q.maxRequestsPerMinute());
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("The key request is invalid", errors);
        }
        ApiKeys.Created created = keys.create(name, role, q);
        return ResponseEntity.created(URI.create("/api/v1/keys/" + created.info().id())).body(created);
    }

    @GetMapping
    List<ApiKeys.KeyInfo> list() {
        return keys.list();
    }

    @GetMapping("/{id}")
    ApiKeys.KeyInfo get(@PathVariable UUID id) {
        return keys.get(id).orElseThrow(() -> new KeyNotFoundException(id));
    }

    /** Revokes the key: every node refuses it from the next request on. The key stays listed, with its revocation time. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        if (!keys.revoke(id)) {
            throw new KeyNotFoundException(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static void positive(List<BodyProblem> errors, String pointer, Number value) {
        if (value != null && value.longValue() < 1) {
            errors.add(error(pointer, "\"" + pointer.substring(pointer.lastIndexOf('/') + 1) + "\" is at least 1; got " + value
                    + ". Leave it out for the configured default."));
        }
    }

    private static BodyProblem error(String pointer, String detail) {
        return new BodyProblem(pointer, detail);
    }
}
