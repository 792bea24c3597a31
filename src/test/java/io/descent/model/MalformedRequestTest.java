package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Multipart bodies the servlet container cannot parse are a 400, not a 500, and paths the
 * container refuses outright are a problem too. Over real HTTP: MockMvc hands controllers
 * ready-made parts and never parses a body or a raw path. (Same settings as
 * {@link UploadLimitTest}, so the two share one server.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"descent.datasets.max-upload-size=64KB", "descent.worker.enabled=false"})
@ActiveProfiles("test")
class MalformedRequestTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private HttpResponse<String> send(String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void truncatedOrBoundlessMultipartBodiesAreA400() throws Exception {
        long before = jdbc.queryForObject("select count(*) from dataset", Long.class);

        HttpResponse<String> garbage = send("multipart/form-data; boundary=xyz", "this is not a multipart body");
        HttpResponse<String> truncated = send("multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n\r\na,label\r\n1,x\r\n");
        HttpResponse<String> noBoundary = send("multipart/form-data", "--xyz\r\n\r\n");

        for (HttpResponse<String> response : java.util.List.of(garbage, truncated, noBoundary)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(garbage.body()).as("no parts at all").contains("Required part 'file' is not present");
        assertThat(truncated.body()).contains("multipart/form-data body could not be read");
        assertThat(noBoundary.body()).contains("multipart/form-data body could not be read");
        assertThat(jdbc.queryForObject("select count(*) from dataset", Long.class)).isEqualTo(before);
    }

    @Test
    void pathsTomcatRefusesBeforeTheApplicationAreAProblemToo() throws Exception {
        for (String path : java.util.List.of("/api/v1/jobs/a%2Fb", "/api/v1/datasets/x%00y", "/actuator/health/..%2F..%2Fetc%2Fpasswd")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":400", "could not parse the request");
        }
    }
}
