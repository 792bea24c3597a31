package io.descent.training.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

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

    /** Each violation in the caller's own type, made from its pointer and message; for reporting them outside the core. */
    public <T> List<T> map(BiFunction<String, String, T> each) {
        return list.stream().map(v -> each.apply(v.pointer(), v.message())).toList();
    }
}
