package io.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeasedCacheTest {

    /** A stand-in for a native resource: records when it is freed. */
    static final class Resource {
        final String name;
        final int version;
        boolean freed;

        Resource(String name, int version) {
            this.name = name;
            this.version = version;
        }
    }

    private final List<Resource> freed = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    private LeasedCache<String, Resource> cacheOf(int size) {
        return new LeasedCache<>("test", size, r -> 1, r -> {
            assertThat(r.freed).as("freed once").isFalse();
            r.freed = true;
            freed.add(r);
        });
    }

    private Lease<Resource> lease(LeasedCache<String, Resource> cache, String key) {
        return cache.lease(key, r -> true, k -> {
            loads.incrementAndGet();
            return new Resource(k, 1);
        });
    }

    @Test
    void aCachedResourceIsLoadedOnceAndSharedByItsLeases() {
        LeasedCache<String, Resource> cache = cacheOf(2);
        try (Lease<Resource> a = lease(cache, "a"); Lease<Resource> again = lease(cache, "a")) {
            assertThat(again.get()).isSameAs(a.get());
            assertThat(cache.leasesHeld()).isEqualTo(2);
        }
        try (Lease<Resource> later = lease(cache, "a")) {
            assertThat(later.get().freed).isFalse();
        }
        assertThat(loads).hasValue(1);
        assertThat(freed).as("still cached, nobody holds it: kept, not freed").isEmpty();
        assertThat(cache.leasesHeld()).isZero();
        assertThat(cache.loaded()).isEqualTo(1);
    }

    @Test
    void evictionWhileHeldDoesNotFreeAndTheLastReleaseDoes() {
        LeasedCache<String, Resource> cache = cacheOf(1);
        Lease<Resource> a = lease(cache, "a");
        Lease<Resource> b = lease(cache, "b");
        assertThat(cache.cached()).as("one of the two was evicted").isEqualTo(1);
        assertThat(cache.loaded()).as("both still loaded: both are held").isEqualTo(2);
        assertThat(freed).isEmpty();
        assertThat(cache.leased("a")).isTrue();
        b.close();
        a.close();
        assertThat(freed).as("the evicted one, once its holder let go").hasSize(1);
        assertThat(cache.loaded()).as("only what the cache keeps is left").isEqualTo(1);
        assertThat(cache.leasesHeld()).isZero();
    }

    @Test
    void releaseAfterEvictionFrees() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        Lease<Resource> lease = lease(cache, "a");
        cache.invalidate("a");
        assertThat(lease.get().freed).as("held: evicting drops only the cache's reference").isFalse();
        assertThat(cache.leased("a")).isTrue();
        lease.close();
        assertThat(freed).singleElement().satisfies(r -> assertThat(r.name).isEqualTo("a"));
        assertThat(cache.leased("a")).isFalse();
        assertThat(cache.loaded()).isZero();
    }

    @Test
    void evictingWhatNobodyHoldsFreesAtOnce() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        lease(cache, "a").close();
        cache.invalidate("a");
        assertThat(freed).hasSize(1);
        try (Lease<Resource> reloaded = lease(cache, "a")) {
            assertThat(reloaded.get().freed).isFalse();
        }
        assertThat(loads).hasValue(2);
    }

    @Test
    void doubleReleaseIsHarmless() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        Lease<Resource> first = lease(cache, "a");
        Lease<Resource> second = lease(cache, "a");
        first.close();
        first.close();
        assertThat(cache.leasesHeld()).isEqualTo(1);
        cache.invalidate("a");
        cache.invalidate("a");
        assertThat(second.get().freed).as("the second holder still has it").isFalse();
        assertThatThrownBy(first::get).isInstanceOf(IllegalStateException.class);
        second.close();
        second.close();
        assertThat(freed).hasSize(1);
        assertThat(cache.leasesHeld()).isZero();
    }

    @Test
    void anOutdatedResourceIsReplacedWhileItsHoldersKeepIt() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        Lease<Resource> old = cache.lease("a", r -> true, k -> new Resource(k, 1));
        try (Lease<Resource> fresh = cache.lease("a", r -> r.version == 2, k -> new Resource(k, 2))) {
            assertThat(fresh.get().version).isEqualTo(2);
            assertThat(old.get().freed).isFalse();
        }
        old.close();
        assertThat(freed).singleElement().satisfies(r -> assertThat(r.version).isEqualTo(1));
        assertThat(cache.cached()).isEqualTo(1);
    }

    @Test
    void aFailedLoadLeavesNothingHeldOrCached() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        assertThatThrownBy(() -> cache.lease("a", r -> true, k -> {
            throw new IllegalStateException("unreadable");
        })).hasMessage("unreadable");
        assertThat(cache.leasesHeld()).isZero();
        assertThat(cache.loaded()).isZero();
        assertThat(cache.cached()).isZero();
    }

    @Test
    void anActionWaitsUntilTheLastHolderOfAnEvictedResourceLetsGo() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        Lease<Resource> old = cache.lease("a", r -> true, k -> new Resource(k, 1));
        Lease<Resource> current = cache.lease("a", r -> r.version == 2, k -> new Resource(k, 2));
        List<String> done = new ArrayList<>();
        cache.invalidate("a");
        cache.whenFreed("a", () -> done.add("file deleted"));
        old.close();
        assertThat(done).as("one holder left").isEmpty();
        current.close();
        assertThat(done).containsExactly("file deleted");
        cache.whenFreed("a", () -> done.add("nothing to wait for"));
        assertThat(done).hasSize(2);
    }

    @Test
    void leasesTakenTogetherAreAllReleasedWhenOneCannotBeTaken() {
        LeasedCache<String, Resource> cache = cacheOf(1);
        assertThatThrownBy(() -> Leases.take(List.of("a", "b", "missing"), key -> key.equals("missing")
                ? cache.lease(key, r -> true, k -> {
                    throw new IllegalArgumentException("no " + k);
                }) : lease(cache, key))).hasMessage("no missing");
        assertThat(cache.leasesHeld()).isZero();
        try (Leases<Resource> all = Leases.take(List.of("a", "b", "c"), key -> lease(cache, key))) {
            assertThat(all.values()).extracting(r -> r.name).containsExactly("a", "b", "c");
            assertThat(all.values()).noneMatch(r -> r.freed);
        }
        assertThat(cache.leasesHeld()).isZero();
        assertThat(cache.loaded()).isEqualTo(1);
    }

    @Test
    void closingTheCacheFreesWhatNobodyHoldsAndLeavesTheRestToTheirHolders() {
        LeasedCache<String, Resource> cache = cacheOf(4);
        lease(cache, "idle").close();
        Lease<Resource> busy = lease(cache, "busy");
        cache.close();
        assertThat(freed).extracting(r -> r.name).containsExactly("idle");
        busy.close();
        assertThat(freed).extracting(r -> r.name).containsExactly("idle", "busy");
    }
}
