package io.descent.job;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Stop flags of the jobs training in this process. The training loop polls its flag before each
 * batch, so the flag is a plain volatile read; who sets it (a cancel request on this node, the
 * database poll for requests made on other nodes, or shutdown) is recorded as the reason.
 */
@Component
public class CancellationSignals {

    /** Why a running job was asked to stop. */
    public enum Reason { CANCELLED, SHUTDOWN }

    private final Map<UUID, AtomicReference<Reason>> running = new ConcurrentHashMap<>();

    /** Registers a job about to train; the returned flag is null until a stop is requested. */
    public AtomicReference<Reason> register(UUID jobId) {
        AtomicReference<Reason> flag = new AtomicReference<>();
        running.put(jobId, flag);
        return flag;
    }

    public void unregister(UUID jobId) {
        running.remove(jobId);
    }

    public Set<UUID> runningHere() {
        return Set.copyOf(running.keySet());
    }

    public void request(UUID jobId, Reason reason) {
        AtomicReference<Reason> flag = running.get(jobId);
        if (flag != null) {
            flag.compareAndSet(null, reason);
        }
    }

    public void requestAll(Reason reason) {
        running.values().forEach(flag -> flag.compareAndSet(null, reason));
    }
}
