package io.descent.job.pool;

import io.descent.job.JobMetrics;
import io.descent.job.JobStatus;
import io.descent.system.changes.ChangeFeed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's end of the line to its trainers: a loopback socket where each trainer, after
 * presenting the pool's token, sends one line per thing it counts (applied to the node's
 * {@link JobMetrics}, so the node's scrape shows the sum of its trainers) and, on H2, per change it
 * publishes (fanned out to the node's stream subscribers). A trainer asks before it starts a job
 * whether the job's memory fits the pool's budget ({@code reserve}, answered {@code reserved}) and
 * gives it back after ({@code release}). The node sends {@code wake} when a job was queued or
 * memory was given back. One text line per message: {@link Uplink} writes them.
 */
final class TrainerChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainerChannel.class);

    private final ServerSocket server;
    private final byte[] token;
    private final JobMetrics metrics;
    private final ChangeFeed feed;
    private final boolean relayChanges;
    private final MemoryLedger memory;
    private final Map<String, PrintWriter> trainers = new ConcurrentHashMap<>();
    /** Trainers whose worker has started (they said {@code ready}), by name. */
    private final java.util.Set<String> ready = ConcurrentHashMap.newKeySet();

    TrainerChannel(String token, JobMetrics metrics, ChangeFeed feed, boolean relayChanges, MemoryLedger memory) throws IOException {
        this.memory = memory;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.metrics = metrics;
        this.feed = feed;
        this.relayChanges = relayChanges;
        Thread accept = new Thread(this::accept, "trainer-channel");
        accept.setDaemon(true);
        accept.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Trainers connected now whose worker takes jobs, by name. */
    java.util.Set<String> connected() {
        return ready;
    }

    void broadcast(String line) {
        trainers.values().forEach(w -> {
            synchronized (w) {
                w.println(line);
                w.flush();
            }
        });
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> serve(socket), "trainer-channel-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("Trainer channel: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        String name = null;
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), false, StandardCharsets.UTF_8)) {
            String[] hello = String.valueOf(in.readLine()).split(" ", 3);
            if (hello.length != 3 || !hello[0].equals("hello") || !MessageDigest.isEqual(token, hello[1].getBytes(StandardCharsets.UTF_8))) {
                log.warn("Trainer channel: a connection without the pool's token was refused");
                return;
            }
            name = hello[2];
            trainers.put(name, out);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                apply(name, line);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Trainer channel of {} closed: {}", name, e.toString());
        } finally {
            if (name != null) {
                trainers.remove(name);
                ready.remove(name);
                memory.releaseAll(name);
                broadcast("wake");
                // A trainer that died while training no longer trains.
                metrics.runEnded(name);
            }
        }
    }

    private void apply(String trainer, String line) {
        String[] p = line.split(" ", 3);
        switch (p[0]) {
            case "samples" -> metrics.samplesTrained(trainer, Long.parseLong(p[1]));
            case "epoch" -> metrics.epochFinished(trainer, Long.parseLong(p[1]), Double.parseDouble(p[2]));
            case "run" -> metrics.runStarted(trainer, "1".equals(p[1]));
            case "rate" -> metrics.trainingAt(trainer, Double.parseDouble(p[1]));
            case "idle" -> metrics.runEnded(trainer);
            case "first" -> metrics.firstBatch(trainer, Instant.ofEpochMilli(Long.parseLong(p[1])));
            case "refused" -> metrics.writeRefused(trainer);
            case "wake" -> broadcast("wake");
            case "reserve" -> {
                UUID job = UUID.fromString(p[1]);
                boolean granted = memory.reserve(trainer, job, Long.parseLong(p[2]));
                PrintWriter w = trainers.get(trainer);
                if (w != null) {
                    synchronized (w) {
                        w.println("reserved " + job + " " + (granted ? 1 : 0));
                        w.flush();
                    }
                }
            }
            case "release" -> {
                memory.release(trainer, UUID.fromString(p[1]));
                broadcast("wake");
            }
            case "ready" -> ready.add(trainer);
            case "ended" -> {
                String[] e = p[2].split(" ");
                metrics.ended(JobStatus.valueOf(p[1]), "-".equals(e[0]) ? null : e[0], "1".equals(e[1]));
            }
            case "change" -> {
                if (relayChanges) {
                    feed.publish(ChangeFeed.Topic.valueOf(p[1]), p.length > 2 ? p[2] : "");
                }
            }
            default -> log.debug("Trainer channel: {} sent an unknown line: {}", trainer, line);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
