package io.descent.system;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Leases taken together (an ensemble's members) and released together. */
public final class Leases<T> implements AutoCloseable {

    private final List<Lease<T>> leases;

    private Leases(List<Lease<T>> leases) {
        this.leases = leases;
    }

    /**
     * A lease for every key, in order, or none: when one cannot be taken, those already taken are
     * released and the failure is rethrown.
     */
    public static <K, T> Leases<T> take(List<K> keys, Function<K, Lease<T>> take) {
        Leases<T> taken = new Leases<>(new ArrayList<>(keys.size()));
        try {
            for (K key : keys) {
                taken.leases.add(take.apply(key));
            }
            return taken;
        } catch (RuntimeException | Error e) {
            taken.close();
            throw e;
        }
    }

    public List<T> values() {
        return leases.stream().map(Lease::get).toList();
    }

    @Override
    public void close() {
        leases.forEach(Lease::close);
    }
}
