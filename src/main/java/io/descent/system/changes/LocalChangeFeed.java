package io.descent.system.changes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One node's feed (H2: no other node shares the database): a publish calls the listeners at once, on the publishing thread. */
public final class LocalChangeFeed implements ChangeFeed {

    private final Map<Topic, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final ChangeRelay relay;

    public LocalChangeFeed() {
        this(null);
    }

    /** @param relay also told of every publish (a trainer process telling its node); null for none */
    public LocalChangeFeed(ChangeRelay relay) {
        this.relay = relay;
    }

    @Override
    public void publish(Topic topic, String payload) {
        listeners.getOrDefault(topic, List.of()).forEach(l -> l.changed(payload));
        if (relay != null) {
            relay.forward(topic, payload);
        }
    }

    @Override
    public void listen(Topic topic, Listener listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }
}
