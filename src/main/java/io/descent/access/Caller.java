package io.descent.access;

import java.util.Objects;
import java.util.UUID;

/**
 * Who makes a request: the key it presented, or the service itself.
 *
 * @param key the key's id; null for {@link #LOCAL} and {@link #SYSTEM}
 */
public record Caller(UUID key, String name, Role role) {

    /** A request without a key where none is needed (the service bound to loopback): the machine's own user. */
    public static final Caller LOCAL = new Caller(null, "local", Role.ADMIN);

    /** Work of the service itself (workers, studies advancing), outside any request. */
    public static final Caller SYSTEM = new Caller(null, "system", Role.ADMIN);

    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see and act on something owned by {@code owner} (null: created without a key). */
    public boolean sees(UUID owner) {
        return admin() || Objects.equals(key, owner);
    }

    /** The owner of what this caller creates. */
    public UUID owner() {
        return key;
    }
}
