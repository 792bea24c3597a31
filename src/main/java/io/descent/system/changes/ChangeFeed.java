package io.descent.system.changes;

/**
 * Tells every node what changed, so that each can fan a change out to its own stream subscribers
 * with one read, however many clients watch. On PostgreSQL it is {@code LISTEN/NOTIFY} (every node
 * hears every node, itself included); on H2, the only node there is hears its own changes in process.
 * Payloads are short strings (ids): a listener reads what it needs from the database.
 */
public interface ChangeFeed extends AutoCloseable {

    /** A channel: a lowercase SQL identifier, the same on every node. */
    enum Topic {
        JOB("descent_job"), PROGRESS("descent_progress"), STUDY("descent_study"), KEY("descent_key");

        private final String channel;

        Topic(String channel) {
            this.channel = channel;
        }

        public String channel() {
            return channel;
        }
    }

    interface Listener {
        /** Called on the feed's thread: hand the work off at once. */
        void changed(String payload);

        /**
         * Changes may have gone unheard (the feed lost its database connection and has it back):
         * whatever the listener shows should be read afresh.
         */
        default void missed() {}
    }

    /** Tells every listener of the topic on every node; call it once the change is committed. Never blocks on the database. */
    void publish(Topic topic, String payload);

    void listen(Topic topic, Listener listener);

    @Override
    default void close() {}
}
