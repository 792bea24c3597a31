package io.descent.access;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Stateless bearer keys, no sessions or cookies (so no CSRF to defend against), problem+json for
 * 401/403, CORS only for configured origins, and a content security policy that lets the dashboard
 * load nothing but its own files.
 */
@Configuration
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeys keys, AccessMode mode, AccessProblems problems, AccessProperties properties)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerKeyFilter(keys, mode, problems, properties.scrapeToken()), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // ETags and Cache-Control are the API's own business (polls answer 304).
                .headers(headers -> headers.cacheControl(c -> c.disable()).contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(requests -> requests
                        // The end of a stream or an error page: the request was authorized when it began.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyAuthority("ROLE_ADMIN", BearerKeyFilter.SCRAPE)
                        .requestMatchers("/actuator/**").hasAuthority("ROLE_ADMIN")
                        .requestMatchers("/api/v1/keys", "/api/v1/keys/**").hasAuthority("ROLE_ADMIN")
                        .requestMatchers("/api/**").hasAnyAuthority("ROLE_ADMIN", "ROLE_USER")
                        // The dashboard's files, the contract and Swagger UI: they hold no data; the API calls they make need a key.
                        .anyRequest().permitAll());
        List<String> origins = properties.corsAllowedOrigins();
        if (origins.isEmpty()) {
            http.cors(cors -> cors.disable());
        } else {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(origins);
            cors.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID", "Idempotency-Key", "If-None-Match"));
            cors.setExposedHeaders(List.of("ETag", "Location", "Retry-After"));
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/api/**", cors);
            http.cors(c -> c.configurationSource(source));
        }
        return http.build();
    }

    /**
     * The firewall lets header values, encoded percent signs and NULs through: the API validates those
     * itself, naming the field (an Idempotency-Key with control characters is a 400 that says so).
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowNull(true);
        firewall.setAllowedHeaderValues(value -> true);
        return firewall;
    }

    /** What the firewall still refuses (an encoded NUL, a path escaping with ".."): a 400 problem, not a bare status. */
    @Bean
    RequestRejectedHandler rejected(AccessProblems problems) {
        return (request, response, e) -> problems.badRequest(request, response, "The request's URL holds characters this service refuses"
                + " (" + e.getMessage() + "); ids are UUIDs or dataset ids of letters, digits and dashes.");
    }

    /** No user names or passwords here: keeps Spring Boot from making (and logging) a default user. */
    @Bean
    UserDetailsService noUsers() {
        return username -> {
            throw new UsernameNotFoundException("Descent authenticates API keys only");
        };
    }
}
