package io.descent.access;

/** What a key may do: a {@code user} acts on what it created; an {@code admin} on everything, keys included. */
public enum Role {
    ADMIN, USER
}
