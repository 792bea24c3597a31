package io.descent.system;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A bounded cache of native resources handed out as {@link Lease}s. Each resource is reference
 * counted: the cache holds one reference while it keeps the resource, every open lease another.
 * Eviction (by weight, or {@link #invalidate}) drops only the cache's reference; the resource is
 * freed when its last reference goes, on the thread that lets it go. So a request, job or
 * download never sees its model or dataset freed under it, and nothing stays loaded that nobody
 * holds. Thread-safe.
 *
 * @param <K> the key (a job id, a dataset id)
 * @param <V> the resource
 */
public final class LeasedCache<K, V> implements MeterBinder, AutoCloseable {

    private final String name;
    private final Consumer<V> free;
    private final ToIntFunction<V> weigher;
    private final Cache<K, Resource> cache;
    /** Every resource not yet freed, cached or held after its eviction; lists are replaced, never changed. */
    private final Map<K, List<Resource>> live = new ConcurrentHashMap<>();
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicInteger loaded = new AtomicInteger();

    /**
     * @param name names the cache in metrics ({@code cache} tag)
     * @param maximum the most weight the cache keeps, in {@code weight}'s unit; it may briefly hold more while evicting
     * @param weight a resource's weight, taken once when it is loaded ({@code v -> 1} bounds the count)
     * @param free frees a resource; called once, when its last reference is dropped
     */
    public LeasedCache(String name, long maximum, ToIntFunction<V> weight, Consumer<V> free) {
        this.name = name;
        this.free = free;
        this.weigher = weight;
        this.cache = Caffeine.newBuilder().maximumWeight(maximum)
                .<K, Resource>weigher((key, resource) -> resource.weight)
                // Evicted entries let go of their reference on the thread that caused the eviction, at once.
                .executor(Runnable::run)
                .removalListener((K key, Resource resource, RemovalCause cause) -> {
                    if (resource != null) {
                        resource.dropCacheReference();
                    }
                })
                .recordStats()
                .build();
    }

    /**
     * A lease on the resource cached under {@code key}; loaded (and cached) when there is none or
     * when {@code current} says the cached one is outdated, which is then dropped from the cache
     * (its holders keep it until they release it). The lease is taken before the cache can evict
     * what it loaded, so every call gets a live resource, however small the cache. The load runs
     * under the cache's lock for {@code key}: concurrent leases of one key share one load, and an
     * {@link #invalidate} of the key waits for a load in progress.
     *
     * @throws RuntimeException what {@code load} throws; nothing is cached or held then
     */
    public Lease<V> lease(K key, Predicate<V> current, Function<K, V> load) {
        AtomicReference<Lease<V>> taken = new AtomicReference<>();
        cache.asMap().compute(key, (k, cached) -> {
            if (cached != null && current.test(cached.value)) {
                // A cached resource still has the cache's reference: this cannot fail.
                Lease<V> lease = cached.acquire();
                if (lease != null) {
                    taken.set(lease);
                    return cached;
                }
            }
            Resource fresh = new Resource(k, load.apply(k));
            taken.set(fresh.acquire());
            return fresh;
        });
        // Caffeine evicts in amortized maintenance, which a write racing other threads can leave
        // pending until the next access; run it now, so an evicted resource is let go of (and its
        // native memory freed once unleased) without waiting for more traffic.
        cache.cleanUp();
        return taken.get();
    }

    /** Drops the cache's reference to {@code key}'s resource; open leases keep it until released. */
    public void invalidate(K key) {
        cache.invalidate(key);
    }

    /** Whether a lease on a resource of {@code key} is open (whether the cache still keeps it or not). */
    public boolean leased(K key) {
        return live.getOrDefault(key, List.of()).stream().anyMatch(Resource::leased);
    }

    /**
     * Runs {@code action} once every resource of {@code key} alive now is freed: at once when none
     * is, else on the thread that releases the last lease. Call after {@link #invalidate}.
     */
    public void whenFreed(K key, Runnable action) {
        List<Resource> pending = live.getOrDefault(key, List.of());
        if (pending.isEmpty()) {
            action.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(pending.size());
        for (Resource resource : pending) {
            resource.onFree(() -> {
                if (left.decrementAndGet() == 0) {
                    action.run();
                }
            });
        }
    }

    /** Leases open now. */
    public int leasesHeld() {
        return leases.get();
    }

    /** Resources in memory now: those cached and those held after their eviction. */
    public int loaded() {
        return loaded.get();
    }

    /** Resources the cache keeps, after any pending eviction. */
    public long cached() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("descent.leases.held", leases, AtomicInteger::get).tag("cache", name)
                .description("Leases open on loaded resources: requests, jobs and downloads using them now").register(registry);
        Gauge.builder("descent.leases.loaded", loaded, AtomicInteger::get).tag("cache", name)
                .description("Resources in native memory: cached, or evicted but still leased").register(registry);
        CaffeineCacheMetrics.monitor(registry, cache, name);
    }

    /** Drops the cache's references; what is leased is freed when released. */
    @Override
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    /** A resource with its reference count: the cache's reference, if it still keeps it, plus one per open lease. */
    private final class Resource {
        private final K key;
        private final V value;
        private final int weight;
        private int references = 1;
        private boolean cached = true;
        private final List<Runnable> afterFree = new ArrayList<>();

        Resource(K key, V value) {
            this.key = key;
            this.value = value;
            this.weight = weigher.applyAsInt(value);
            live.compute(key, (k, list) -> append(list, this));
            loaded.incrementAndGet();
        }

        /** @return null once freed */
        synchronized Lease<V> acquire() {
            if (references == 0) {
                return null;
            }
            references++;
            leases.incrementAndGet();
            return new Lease<>(value, this::releaseLease);
        }

        synchronized boolean leased() {
            return references > (cached ? 1 : 0);
        }

        void onFree(Runnable action) {
            synchronized (this) {
                if (references > 0) {
                    afterFree.add(action);
                    return;
                }
            }
            action.run();
        }

        void dropCacheReference() {
            synchronized (this) {
                if (!cached) {
                    return;
                }
                cached = false;
            }
            release();
        }

        private void releaseLease() {
            leases.decrementAndGet();
            release();
        }

        private void release() {
            List<Runnable> actions;
            synchronized (this) {
                if (--references > 0) {
                    return;
                }
                actions = List.copyOf(afterFree);
                afterFree.clear();
            }
            live.computeIfPresent(key, (k, list) -> without(list, this));
            loaded.decrementAndGet();
            try {
                free.accept(value);
            } finally {
                actions.forEach(Runnable::run);
            }
        }
    }

    private static <R> List<R> append(List<R> list, R item) {
        List<R> copy = new ArrayList<>(list == null ? List.of() : list);
        copy.add(item);
        return List.copyOf(copy);
    }

    private static <R> List<R> without(List<R> list, R item) {
        List<R> copy = list.stream().filter(r -> r != item).toList();
        return copy.isEmpty() ? null : copy;
    }
}
