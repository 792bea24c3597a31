package io.descent.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.support.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar bound beyond loopback with no key configured: it prints one admin key at first
 * start (and only then), requires it, and keeps it across a restart.
 */
class ExposedNodeIT {

    private static final Pattern KEY = Pattern.compile("dsk_[A-Za-z0-9_-]{43}");

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(NodeProcess node, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anExposedNodePrintsItsFirstAdminKeyOnceAndRequiresIt() throws Exception {
        String name = "exposed-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> settings = List.of("--server.address=0.0.0.0", "--descent.data-dir=" + data);
        String key;
        try (NodeProcess node = NodeProcess.start(name, settings)) {
            Matcher printed = KEY.matcher(node.log());
            assertThat(printed.find()).as("an admin key in the log:%n%s", node.log()).isTrue();
            key = printed.group();
            assertThat(printed.find()).as("printed once").isFalse();

            HttpResponse<String> anonymous = get(node, "/api/v1/jobs", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(get(node, "/api/v1/jobs", key).statusCode()).isEqualTo(200);
            assertThat(get(node, "/api/v1/keys", key).body()).contains("admin (generated at first start)").doesNotContain(key);
            assertThat(get(node, "/actuator/health", null).statusCode()).isEqualTo(200);
            node.terminate();
        }
        try (NodeProcess again = NodeProcess.start(name, settings)) {
            // The same log file: still one key in it, and the stored one still opens the API.
            Matcher printed = KEY.matcher(again.log());
            assertThat(printed.find()).isTrue();
            assertThat(printed.find()).as("no second key at a restart").isFalse();
            assertThat(get(again, "/api/v1/jobs", key).statusCode()).isEqualTo(200);
        }
    }
}
