package io.descent.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 as {@code application/problem+json}, like every other error: these leave from the
 * security filters, before any controller (and so before the one error handler) is reached.
 */
@Component
class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final tools.jackson.databind.json.JsonMapper json;

    AccessProblems(tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        unauthorized(request, response, "This service needs an API key: send \"Authorization: Bearer <key>\". An admin makes keys"
                + " with POST /api/v1/keys; the first admin key is printed in the log at first start (README: \"Running it exposed\").");
    }

    void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"descent\"");
        write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    void badRequest(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, request.getRequestURI().startsWith("/api/v1/keys")
                ? "Only an admin key may manage keys; this key's role is user."
                : "This key may not use " + request.getRequestURI() + "; it needs an admin key"
                        + (request.getRequestURI().startsWith("/actuator/prometheus") ? " or the scrape token (descent.security.scrape-token)." : "."));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        // Bytes, not a writer: a writer would add ";charset=" to the media type the contract names.
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
