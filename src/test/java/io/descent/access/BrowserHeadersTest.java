package io.descent.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** What browsers are told: CORS for the configured origin only, and the dashboard's security headers. */
@SpringBootTest(properties = "descent.security.cors-allowed-origins=https://dash.example")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BrowserHeadersTest {

    private final MockMvc mvc;

    BrowserHeadersTest(@Autowired MockMvc mvc) {
        this.mvc = mvc;
    }

    private MvcResult preflight(String origin) throws Exception {
        return mvc.perform(options("/api/v1/jobs").header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")).andReturn();
    }

    @Test
    void onlyAConfiguredOriginMayCallTheApiFromABrowser() throws Exception {
        MvcResult allowed = preflight("https://dash.example");
        assertThat(allowed.getResponse().getHeader("Access-Control-Allow-Origin")).isEqualTo("https://dash.example");
        assertThat(allowed.getResponse().getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");

        MvcResult other = preflight("https://evil.example");
        assertThat(other.getResponse().getStatus()).isEqualTo(403);
        assertThat(other.getResponse().getHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theDashboardIsServedWithAContentSecurityPolicyAndNoSniffing() throws Exception {
        MvcResult page = mvc.perform(get("/index.html")).andReturn();
        assertThat(page.getResponse().getHeader("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'",
                "frame-ancestors 'none'");
        assertThat(page.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getResponse().getHeader("X-Frame-Options")).isEqualTo("DENY");
    }
}
