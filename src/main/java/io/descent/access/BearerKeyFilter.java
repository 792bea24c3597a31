package io.descent.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the caller of every request: the key of its {@code Authorization: Bearer} header, the
 * scrape token, or, where no key is needed, {@link Caller#LOCAL}. A header with an unknown or
 * revoked key is a 401 even where none is needed: a client that sends one expects it to count.
 */
class BearerKeyFilter extends OncePerRequestFilter {

    static final String SCRAPE = "SCRAPE";

    private final ApiKeys keys;
    private final AccessMode mode;
    private final AccessProblems problems;
    private final byte[] scrapeToken;

    BearerKeyFilter(ApiKeys keys, AccessMode mode, AccessProblems problems, String scrapeToken) {
        this.keys = keys;
        this.mode = mode;
        this.problems = problems;
        this.scrapeToken = scrapeToken == null || scrapeToken.isBlank() ? null : scrapeToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
                problems.unauthorized(request, response, "\"Authorization\" must be \"Bearer <key>\"; got a header of another scheme.");
                return;
            }
            String token = header.substring(7).strip();
            if (scrapeToken != null && MessageDigest.isEqual(scrapeToken, token.getBytes(StandardCharsets.UTF_8))) {
                authenticate("scrape", SCRAPE);
            } else {
                Caller caller = keys.authenticate(token).orElse(null);
                if (caller == null) {
                    problems.unauthorized(request, response, "This API key is unknown or has been revoked; ask an admin for a key"
                            + " (GET /api/v1/keys lists them).");
                    return;
                }
                authenticate(caller, "ROLE_" + caller.role().name());
            }
        } else if (!mode.keysRequired()) {
            authenticate(Caller.LOCAL, "ROLE_ADMIN");
        }
        chain.doFilter(request, response);
    }

    private static void authenticate(Object principal, String authority) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(authority))));
    }
}
