package io.descent.job;

import io.descent.system.changes.ChangeFeed;
import io.descent.training.Progress;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Job changes from every node: each committed state change or finished epoch, and the progress of
 * every job in training, through the node's {@link ChangeFeed}. Listeners (the streams) are called
 * on the feed's thread, so they must hand work off at once.
 */
@Component
public class JobFeed {

    private static final Logger log = LoggerFactory.getLogger(JobFeed.class);

    /** What a listener hears: {@code progress} is null for a committed change. */
    public interface Listener {
        void changed(UUID jobId, Progress progress);

        /** Changes may have gone unheard: read every job shown afresh. */
        default void missed() {}
    }

    private final ChangeFeed changes;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public JobFeed(ChangeFeed changes) {
        this.changes = changes;
        changes.listen(ChangeFeed.Topic.JOB, new ChangeFeed.Listener() {
            @Override
            public void changed(String payload) {
                UUID id = parseId(payload);
                if (id != null) {
                    listeners.forEach(l -> l.changed(id, null));
                }
            }

            @Override
            public void missed() {
                listeners.forEach(Listener::missed);
            }
        });
        changes.listen(ChangeFeed.Topic.PROGRESS, payload -> {
            String[] parts = payload.split(" ");
            try {
                UUID id = UUID.fromString(parts[0]);
                Progress p = new Progress(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3]),
                        Double.parseDouble(parts[4]), Double.parseDouble(parts[5]), Double.parseDouble(parts[6]));
                listeners.forEach(l -> l.changed(id, p));
            } catch (RuntimeException e) {
                log.debug("Ignoring a progress notification this node cannot read: {}", payload);
            }
        });
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Called after the commit of a change to the job's row (its version moved). */
    void changed(UUID jobId) {
        changes.publish(ChangeFeed.Topic.JOB, jobId.toString());
    }

    /** Called by the worker while an epoch runs. */
    public void progress(UUID jobId, Progress p) {
        changes.publish(ChangeFeed.Topic.PROGRESS, String.format(Locale.ROOT, "%s %d %d %d %s %s %s", jobId, p.epoch(), p.batch(), p.batches(),
                Double.toString(p.runningLoss()), Double.toString(p.samplesPerSecond()), Double.toString(p.secondsPerBatch())));
    }

    private static UUID parseId(String payload) {
        try {
            return UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            log.debug("Ignoring a job notification this node cannot read: {}", payload);
            return null;
        }
    }
}
