package io.descent.training.catalog;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of one spec so that all of them can be reported at once. */
public final class Violations {

    private final List<Violation> list = new ArrayList<>();

    public void add(String pointer, String message) {
        list.add(new Violation(pointer, message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Violation> asList() {
        return List.copyOf(list);
    }
}
