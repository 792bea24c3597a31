package io.descent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.descent.support.FullStackTest;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The dashboard's files as the service serves them, without a browser: the root page, and every
 * ES module reachable from main.js (uPlot's from its WebJar included), each as JavaScript. A
 * misspelt import or a WebJar path that moved fails here even where Chromium is not installed.
 */
@FullStackTest
class DashboardResourcesTest {

    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s[^;]*?from\\s+'([^']+)'");

    @Autowired
    MockMvc mvc;

    @Test
    void theRootServesTheDashboardAndEveryModuleItImportsIsServed() throws Exception {
        assertThat(mvc.perform(get("/")).andReturn().getResponse().getForwardedUrl()).isEqualTo("index.html");
        String index = mvc.perform(get("/index.html")).andReturn().getResponse().getContentAsString();
        assertThat(index).contains("src=\"/app/main.js\"", "href=\"/app/style.css\"", "href=\"/webjars/uplot/dist/uPlot.min.css\"",
                "href=\"/swagger-ui.html\"");

        Set<String> served = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(java.util.List.of("/app/main.js"));
        while (!todo.isEmpty()) {
            String path = todo.pop();
            if (!served.add(path)) {
                continue;
            }
            MvcResult module = mvc.perform(get(path)).andReturn();
            assertThat(module.getResponse().getStatus()).as(path).isEqualTo(200);
            assertThat(module.getResponse().getContentType()).as(path).contains("javascript");
            Matcher imports = IMPORT.matcher(module.getResponse().getContentAsString());
            while (imports.find()) {
                todo.push(URI.create(path).resolve(imports.group(1)).toString());
            }
        }
        assertThat(served).contains("/app/jobs.js", "/app/job.js", "/app/studies.js", "/app/study.js", "/app/submit.js",
                "/app/playground.js", "/webjars/uplot/dist/uPlot.esm.js");
        for (String css : new String[] {"/app/style.css", "/webjars/uplot/dist/uPlot.min.css"}) {
            assertThat(mvc.perform(get(css)).andReturn().getResponse().getStatus()).as(css).isEqualTo(200);
        }
    }
}
