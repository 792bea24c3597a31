package io.descent.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * An oversized upload is refused while it streams: the server stops reading at the limit, so a
 * client sending 64 MB has only a small part of it taken before the 413 arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"descent.datasets.max-upload-size=64KB", "descent.worker.enabled=false"})
@ActiveProfiles("test")
class UploadLimitTest {

    private static final long TOTAL = 64L << 20;

    @LocalServerPort
    int port;

    /** An endless-looking CSV body that counts what the server pulled from it. */
    private static InputStream rows(AtomicLong served) {
        byte[] header = "a,b,label\n".getBytes();
        byte[] row = "1.5,2.5,x\n".getBytes();
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (served.get() >= TOTAL) {
                    return -1;
                }
                int n = (int) Math.min(len, TOTAL - served.get());
                for (int i = 0; i < n; i++) {
                    long at = served.get() + i;
                    b[off + i] = at < header.length ? header[(int) at] : row[(int) ((at - header.length) % row.length)];
                }
                served.addAndGet(n);
                return n;
            }
        };
    }

    @Test
    void aStreamedBodyOverTheLimitIsCutOffEarly() throws Exception {
        AtomicLong served = new AtomicLong();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets?label=label"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofInputStream(() -> rows(served))).build();
        int status;
        try {
            status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException closedEarly) {
            status = 413; // the server may close the connection before the client finishes sending
        }
        assertThat(status).isEqualTo(413);
        assertThat(served.get()).as("bytes the client had to produce").isLessThan(TOTAL / 4);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() throws Exception {
        AtomicLong served = new AtomicLong();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/datasets?label=label"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> rows(served)), TOTAL)).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("max-upload-size");
        } catch (java.io.IOException closedEarly) {
            // acceptable: refused and closed before the client could finish
        }
        assertThat(served.get()).isLessThan(TOTAL / 4);
    }
}
