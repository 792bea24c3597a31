package io.descent.system;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's claim on a shared native resource (a loaded model, a dataset's tensors): while any
 * lease on it is open the resource is not freed, whatever its cache does meanwhile. Close it where
 * it was taken, in try-with-resources; closing it again does nothing. Thread-safe.
 *
 * @param <T> the resource
 */
public final class Lease<T> implements AutoCloseable {

    private final T value;
    private final Runnable release;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Lease(T value, Runnable release) {
        this.value = value;
        this.release = release;
    }

    /** @throws IllegalStateException once released: the resource may be freed by then */
    public T get() {
        if (!open.get()) {
            throw new IllegalStateException("This lease was released; take a new one");
        }
        return value;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            release.run();
        }
    }
}
