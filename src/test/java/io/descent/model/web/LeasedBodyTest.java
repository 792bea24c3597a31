package io.descent.model.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.system.LeasedCache;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.WebAsyncUtils;

class LeasedBodyTest {

    private final AtomicInteger freed = new AtomicInteger();
    private final LeasedCache<String, String> models = new LeasedCache<>("test", 0, v -> 1, v -> freed.incrementAndGet());
    private final ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest());

    private LeasedBody<String> body() {
        return LeasedBody.of(models.lease("model", v -> true, k -> "weights of " + k), request,
                (value, out) -> out.write(value.getBytes(StandardCharsets.UTF_8)));
    }

    private void requestEnds(LeasedBody<String> body) throws Exception {
        WebAsyncUtils.getAsyncManager(request).getCallableInterceptor(body).afterCompletion(request, null);
    }

    @Test
    void theBodyReleasesItsLeaseWhenItHasWrittenAndTheEndOfTheRequestDoesNotReleaseItAgain() throws Exception {
        LeasedBody<String> body = body();
        assertThat(models.leasesHeld()).isEqualTo(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("weights of model");
        assertThat(models.leasesHeld()).isZero();
        requestEnds(body);
        assertThat(freed).as("a cache of size 0 keeps nothing: freed once, by the body").hasValue(1);
    }

    @Test
    void aBodyThatNeverRanIsReleasedWhenTheRequestEnds() throws Exception {
        LeasedBody<String> body = body();
        requestEnds(body);
        assertThat(models.leasesHeld()).isZero();
        assertThat(freed).hasValue(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        assertThat(out.size()).as("too late to write: the model may be gone").isZero();
    }
}
