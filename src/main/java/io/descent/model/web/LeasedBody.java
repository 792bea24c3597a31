package io.descent.model.web;

import io.descent.system.Lease;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A streaming response body that owns a lease until it has written, however that ends. Spring runs
 * the body later, on another thread, and may never run it (the request timed out or failed while
 * the body waited for a thread); then the end of the request releases the lease instead. Exactly
 * one of the two takes the lease, so it is never released while the body writes.
 */
final class LeasedBody<T> implements StreamingResponseBody {

    interface Writer<T> {
        void write(T value, OutputStream out) throws IOException;
    }

    private final Lease<T> lease;
    private final Writer<T> writer;
    private final AtomicBoolean taken = new AtomicBoolean();

    private LeasedBody(Lease<T> lease, Writer<T> writer) {
        this.lease = lease;
        this.writer = writer;
    }

    static <T> LeasedBody<T> of(Lease<T> lease, WebRequest request, Writer<T> writer) {
        LeasedBody<T> body = new LeasedBody<>(lease, writer);
        WebAsyncUtils.getAsyncManager(request).registerCallableInterceptor(body, new CallableProcessingInterceptor() {
            @Override
            public <C> void afterCompletion(NativeWebRequest ended, Callable<C> task) {
                if (body.taken.compareAndSet(false, true)) {
                    lease.close();
                }
            }
        });
        return body;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (!taken.compareAndSet(false, true)) {
            return; // the request ended before the body ran, and released the lease
        }
        try (lease) {
            writer.write(lease.get(), out);
        }
    }
}
