package io.descent.access;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code descent.security.*}.
 *
 * @param keys {@code auto}: keys are required unless the service listens on loopback only
 *     ({@code server.address} 127.0.0.1, ::1 or localhost); {@code required}: always
 * @param adminKey an admin key to accept (stored hashed at start); unset: with keys required and no
 *     admin key stored, one is generated at first start and printed once in the log
 * @param scrapeToken a bearer token that may read {@code /actuator/prometheus} and nothing else
 * @param corsAllowedOrigins origins a browser may call the API from; none by default
 * @param quotas limits of each key, unless the key overrides them
 */
@ConfigurationProperties("descent.security")
public record AccessProperties(@DefaultValue("auto") KeysMode keys, String adminKey, String scrapeToken,
        @DefaultValue List<String> corsAllowedOrigins, @DefaultValue Quotas.Defaults quotas) {

    public enum KeysMode {
        AUTO, REQUIRED
    }
}
