package io.descent.study;

import io.descent.system.AfterTransaction;
import io.descent.system.changes.ChangeFeed;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Changes to study rows from every node (a stage begins, trials are created, the study ends or is
 * deleted), through the node's {@link ChangeFeed}. Its trials' own changes come from the job feed.
 */
@Component
public class StudyFeed {

    public interface Listener {
        void changed(UUID studyId);

        default void missed() {}
    }

    private final ChangeFeed changes;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    StudyFeed(ChangeFeed changes) {
        this.changes = changes;
        changes.listen(ChangeFeed.Topic.STUDY, new ChangeFeed.Listener() {
            @Override
            public void changed(String payload) {
                UUID id;
                try {
                    id = UUID.fromString(payload);
                } catch (IllegalArgumentException e) {
                    return;
                }
                listeners.forEach(l -> l.changed(id));
            }

            @Override
            public void missed() {
                listeners.forEach(Listener::missed);
            }
        });
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** Tells every node once the current transaction commits. */
    void changed(UUID id) {
        AfterTransaction.commit(() -> changes.publish(ChangeFeed.Topic.STUDY, id.toString()));
    }
}
