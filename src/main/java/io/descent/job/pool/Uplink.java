package io.descent.job.pool;

import io.descent.job.JobMetrics;
import io.descent.job.JobStatus;
import io.descent.job.LocalWorker;
import io.descent.job.MemoryAdmission;
import io.descent.system.changes.ChangeFeed;
import io.descent.system.changes.ChangeRelay;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * A trainer's end of the line to its node ({@link TrainerChannel}): what this trainer counts and,
 * on the node's H2, what it publishes, one line each; samples are summed and sent four times a
 * second rather than per batch. It also watches the node: when the node's process is gone (or the
 * line drops), the trainer stops too, so a killed node leaves no trainer behind. On the node's
 * embedded H2 the database went with it, so the trainer halts at once; on PostgreSQL it shuts down
 * normally (its job is requeued) within its shutdown wait.
 */
final class Uplink implements JobMetrics.Relay, ChangeRelay, LocalWorker, MemoryAdmission, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Uplink.class);

    private final Socket socket;
    private final PrintWriter out;
    private final AtomicLong pendingSamples = new AtomicLong();
    private final ScheduledExecutorService flusher;
    private final boolean parentDatabase;
    private final Duration shutdownWait;
    private volatile boolean closing;
    /** Reserve requests waiting for the node's answer, by job. */
    private final Map<UUID, CompletableFuture<Boolean>> answers = new ConcurrentHashMap<>();

    Uplink(TrainerProperties properties, String name, ObjectProvider<LocalWorker> worker, Duration shutdownWait) {
        this.parentDatabase = properties.parentDatabase();
        this.shutdownWait = shutdownWait;
        String[] hostPort = properties.uplink().split(":");
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 10_000);
            out = new PrintWriter(socket.getOutputStream(), false, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("This trainer cannot reach its node at " + properties.uplink(), e);
        }
        send("hello " + properties.token() + " " + name);
        Thread reader = new Thread(() -> read(worker), "trainer-uplink");
        reader.setDaemon(true);
        reader.start();
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trainer-uplink-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushSamples, 250, 250, TimeUnit.MILLISECONDS);
        if (properties.parentPid() != null) {
            ProcessHandle.of(properties.parentPid()).ifPresentOrElse(p -> p.onExit().thenRun(() -> nodeGone("its node's process exited")),
                    () -> nodeGone("its node's process is not running"));
        }
    }

    private void read(ObjectProvider<LocalWorker> worker) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("wake")) {
                    worker.orderedStream().filter(w -> w != this).forEach(LocalWorker::wake);
                } else if (line.startsWith("reserved ")) {
                    String[] p = line.split(" ");
                    CompletableFuture<Boolean> answer = answers.remove(UUID.fromString(p[1]));
                    if (answer != null) {
                        answer.complete("1".equals(p[2]));
                    }
                }
            }
        } catch (IOException e) {
            // the line dropped: handled below like a closed one
        }
        nodeGone("the line to its node closed");
    }

    private void nodeGone(String why) {
        if (closing) {
            return;
        }
        closing = true;
        if (parentDatabase) {
            // The database lived in the node: nothing can be written any more. The job's last
            // checkpoint is where the next start of the node resumes it.
            System.err.println("Trainer stopping at once: " + why + " (and with it the database)");
            Runtime.getRuntime().halt(3);
        }
        log.warn("Trainer stopping: {}; its job goes back to the queue", why);
        Thread exit = new Thread(() -> System.exit(0), "trainer-exit");
        exit.start();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(shutdownWait.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(4);
        }, "trainer-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void flushSamples() {
        long n = pendingSamples.getAndSet(0);
        if (n > 0) {
            write("samples " + n);
        }
    }

    /** Sends a line after any samples still pending, so the node sees them in order. */
    private void send(String line) {
        synchronized (out) {
            long n = pendingSamples.getAndSet(0);
            if (n > 0) {
                out.println("samples " + n);
            }
            out.println(line);
            out.flush();
        }
    }

    private void write(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void samplesTrained(int rows) {
        pendingSamples.addAndGet(rows);
    }

    @Override
    public void epochFinished(long durationMs, double samplesPerSecond) {
        send("epoch " + durationMs + " " + samplesPerSecond);
    }

    @Override
    public void runStarted(boolean trialFromStart) {
        send("run " + (trialFromStart ? 1 : 0));
    }

    @Override
    public void trainingAt(double samplesPerSecond) {
        send("rate " + samplesPerSecond);
    }

    @Override
    public void runEnded() {
        send("idle");
    }

    @Override
    public void firstBatch(Instant submittedAt) {
        send("first " + submittedAt.toEpochMilli());
    }

    @Override
    public void jobEnded(JobStatus status, String failureType, boolean trial) {
        send("ended " + status.name() + " " + (failureType == null ? "-" : failureType) + " " + (trial ? 1 : 0));
    }

    @Override
    public void writeRefused() {
        send("refused");
    }

    /** This trainer's worker takes jobs from now on: the node counts it as up. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        send("ready");
    }

    /**
     * This trainer queued a job (a study's next trial, say): the node wakes every trainer, so an
     * idle sibling takes it at once instead of at its next poll.
     */
    @Override
    public void wake() {
        send("wake");
    }

    /**
     * Asks the node whether {@code job} fits the pool's memory budget now. A node that does not
     * answer within 10 s is about to go (its trainers stop with it): the job may start.
     */
    @Override
    public Reservation reserve(UUID job, long bytes) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        answers.put(job, answer);
        send("reserve " + job + " " + bytes);
        boolean granted;
        try {
            granted = answer.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("Job {}: the node did not answer a memory reservation; starting it", job);
            granted = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answers.remove(job);
            return null;
        } finally {
            answers.remove(job);
        }
        return granted ? () -> send("release " + job) : null;
    }

    @Override
    public void forward(ChangeFeed.Topic topic, String payload) {
        if (parentDatabase) {
            send("change " + topic.name() + " " + payload);
        }
    }

    @Override
    public void close() {
        closing = true;
        flushSamples();
        flusher.shutdownNow();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
