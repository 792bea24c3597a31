package io.descent.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The runs training in this process and why each should stop. The training loop asks before every
 * batch, so {@link ActiveRun#shouldStop()} is a volatile read and a clock read; who asks a run to
 * stop (a cancel on this node or, through the database, on another; a shutdown; a lost heartbeat;
 * the job's runtime limit) is recorded as the reason.
 */
@Component
public class ActiveRuns {

    /** Why a running job was asked to stop. */
    public enum Reason {
        CANCELLED,
        SHUTDOWN,
        /** Another run of the job took over (this one's writes are refused). */
        LOST,
        /** No heartbeat reached the database for longer than the takeover timeout. */
        UNREACHABLE,
        /** The job's maxRuntime ran out. */
        TIMEOUT,
        /** The job is a study's trial and the study's pruner stopped it. */
        PRUNED
    }

    private final Map<UUID, ActiveRun> running = new ConcurrentHashMap<>();

    /**
     * Registers a run about to train.
     *
     * @param takeover after this long without a heartbeat another node may take the job: the run stops by itself
     * @param deadline when the job's maxRuntime runs out; null for none
     */
    public ActiveRun register(Run run, Duration takeover, Instant deadline) {
        ActiveRun active = new ActiveRun(run, takeover, deadline);
        running.put(run.jobId(), active);
        return active;
    }

    public void unregister(ActiveRun run) {
        running.remove(run.run().jobId(), run);
    }

    public List<ActiveRun> runningHere() {
        return List.copyOf(running.values());
    }

    public void request(UUID jobId, Reason reason) {
        ActiveRun run = running.get(jobId);
        if (run != null) {
            run.stop(reason);
        }
    }

    public void requestAll(Reason reason) {
        running.values().forEach(run -> run.stop(reason));
    }

    /** A run's stop flag and the watchdogs the training thread checks on its own. */
    public static final class ActiveRun {
        private final Run run;
        private final AtomicReference<Reason> stop = new AtomicReference<>();
        private final long takeoverNanos;
        private final boolean hasDeadline;
        private final long deadlineNanos;
        private volatile long lastHeartbeat = System.nanoTime();

        ActiveRun(Run run, Duration takeover, Instant deadline) {
            this.run = run;
            this.takeoverNanos = takeover.toNanos();
            this.hasDeadline = deadline != null;
            this.deadlineNanos = deadline == null ? 0 : System.nanoTime() + Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
        }

        public Run run() {
            return run;
        }

        /** The first reason asked for wins; later ones are ignored. */
        public void stop(Reason reason) {
            stop.compareAndSet(null, reason);
        }

        /** Null while the run may go on. */
        public Reason reason() {
            return stop.get();
        }

        public void heartbeatSucceeded() {
            lastHeartbeat = System.nanoTime();
        }

        /**
         * Cheap enough for the batch loop. A run whose heartbeats have not reached the database for
         * the takeover timeout (the node was frozen, or cut off from the database) stops here, on its
         * own: another node may be training the job by now.
         */
        public boolean shouldStop() {
            if (stop.get() != null) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastHeartbeat > takeoverNanos) {
                stop(Reason.UNREACHABLE);
                return true;
            }
            if (hasDeadline && now - deadlineNanos > 0) {
                stop(Reason.TIMEOUT);
                return true;
            }
            return false;
        }

        public Duration sinceHeartbeat() {
            return Duration.ofNanos(System.nanoTime() - lastHeartbeat);
        }
    }
}
