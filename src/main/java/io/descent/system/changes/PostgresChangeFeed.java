package io.descent.system.changes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed across nodes on PostgreSQL: {@code pg_notify} to publish, one connection of its own per
 * node that {@code LISTEN}s on every topic. The listening connection is not taken from the pool
 * (it is held for the node's life and must not count against the pool or its lifetime). Publishes
 * go through one thread with a bounded queue, so a slow or absent database never stalls a commit
 * or a training step; when the listening connection breaks, it is opened again and every listener
 * is told it may have {@link Listener#missed missed} something.
 */
public final class PostgresChangeFeed implements ChangeFeed {

    private static final Logger log = LoggerFactory.getLogger(PostgresChangeFeed.class);
    /** How long the listening thread waits for notifications before it checks the connection is alive. */
    private static final int WAIT_MILLIS = 1000;
    private static final Duration ALIVE_CHECK = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String url;
    private final String username;
    private final String password;
    private final DataSource pool;
    private final Map<Topic, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, Topic> byChannel = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor publisher;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread listening;
    private volatile boolean closed;

    public PostgresChangeFeed(String url, String username, String password, DataSource pool) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.pool = pool;
        for (Topic topic : Topic.values()) {
            byChannel.put(topic.channel(), topic);
        }
        this.publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "change-feed-publish");
            t.setDaemon(true);
            return t;
        }, (task, executor) -> {
            // A database that does not answer for long: the other nodes' feeds lose their
            // connections too, and read everything afresh when they have them back.
            if (dropped.getAndIncrement() % 1000 == 0) {
                log.warn("Change feed: publish queue full; dropping notifications ({} so far)", dropped.get());
            }
        });
        this.listening = new Thread(this::listenLoop, "change-feed-listen");
        listening.setDaemon(true);
        listening.start();
    }

    @Override
    public void publish(Topic topic, String payload) {
        if (closed) {
            return;
        }
        publisher.execute(() -> {
            try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("select pg_notify(?, ?)")) {
                s.setString(1, topic.channel());
                s.setString(2, payload);
                s.execute();
            } catch (SQLException e) {
                log.debug("Change feed: notify {} failed; listeners resynchronize when their connection returns", topic, e);
            }
        });
    }

    @Override
    public void listen(Topic topic, Listener listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    private void listenLoop() {
        Duration backoff = Duration.ofMillis(500);
        boolean warned = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, username, password)) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    for (Topic topic : Topic.values()) {
                        s.execute("LISTEN " + topic.channel());
                    }
                }
                if (warned) {
                    log.info("Change feed: listening again");
                }
                warned = false;
                backoff = Duration.ofMillis(500);
                // Whatever happened while not listening (or before the first connection) is read afresh.
                listeners.values().forEach(list -> list.forEach(ChangeFeed.Listener::missed));
                receive(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!warned) {
                    log.warn("Change feed: not listening ({}); retrying every few seconds", e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void receive(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    dispatch(n.getName(), n.getParameter());
                }
            }
            if (System.nanoTime() - lastCheck > ALIVE_CHECK.toNanos()) {
                // A connection whose server went away silently only shows it when used.
                try (Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    private void dispatch(String channel, String payload) {
        Topic topic = byChannel.get(channel);
        if (topic == null) {
            return;
        }
        for (Listener l : listeners.getOrDefault(topic, List.of())) {
            try {
                l.changed(payload);
            } catch (RuntimeException e) {
                log.warn("Change feed: a listener of {} failed", topic, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        publisher.shutdownNow();
        listening.interrupt();
    }
}
