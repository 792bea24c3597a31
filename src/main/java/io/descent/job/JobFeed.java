package io.descent.job;

import io.descent.training.Progress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * This node's feed of job changes: every committed state change or finished epoch of a job this
 * node changed, and the progress of the job it trains. Listeners (the streams) are called on the
 * thread that committed or trained, so they must hand work off at once. Changes made by other
 * nodes reach this node through {@link JobStreams}'s version poll.
 */
@Component
public class JobFeed {

    /** What a listener hears: {@code progress} is null for a committed change. */
    public interface Listener {
        void changed(UUID jobId, Progress progress);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Called after the commit of a change to the job's row (its version moved). */
    void changed(UUID jobId) {
        listeners.forEach(l -> l.changed(jobId, null));
    }

    /** Called by the worker while an epoch runs. */
    public void progress(UUID jobId, Progress progress) {
        listeners.forEach(l -> l.changed(jobId, progress));
    }
}
