package io.descent.job.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trainer process of the pool and the thread that keeps it running: started, its output
 * copied to the node's with the trainer's name in front of every line, restarted with backoff when
 * it dies (its job is then taken over from its checkpoint like any dead node's), stopped with
 * SIGTERM so it requeues its job, then SIGKILL if it does not exit in time.
 */
final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    /** A trainer up this long had no trouble starting: its next death waits the first backoff again. */
    private static final Duration STABLE = Duration.ofMinutes(10);

    private final String name;
    private final TrainerCommand.Built command;
    private final PoolProperties properties;
    private final Runnable onRestart;
    private final PrintStream output;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Process process;
    private volatile boolean stopping;
    private Thread supervisor;

    Trainer(String name, TrainerCommand.Built command, PoolProperties properties, Runnable onRestart, PrintStream output) {
        this.name = name;
        this.command = command;
        this.properties = properties;
        this.onRestart = onRestart;
        this.output = output;
    }

    String name() {
        return name;
    }

    int restarts() {
        return restarts.get();
    }

    /** The running process's id, or null between a death and the restart. */
    Long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : null;
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    synchronized void start() {
        supervisor = new Thread(this::supervise, "trainer-supervisor-" + name);
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void supervise() {
        Duration backoff = properties.restartBackoff();
        while (!stopping) {
            Instant started = Instant.now();
            try {
                Process p = launch();
                int code = p.waitFor();
                if (stopping) {
                    return;
                }
                if (Duration.between(started, Instant.now()).compareTo(STABLE) > 0) {
                    backoff = properties.restartBackoff();
                }
                log.warn("Trainer {} (pid {}) exited with code {}; restarting it in {} s (its job, if any, resumes from its checkpoint)",
                        name, p.pid(), code, backoff.toSeconds());
            } catch (IOException e) {
                log.error("Trainer {} could not be started: {}; trying again in {} s", name, e.getMessage(), backoff.toSeconds());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(properties.maxRestartBackoff()) > 0 ? properties.maxRestartBackoff() : backoff.multipliedBy(2);
            if (!stopping) {
                restarts.incrementAndGet();
                onRestart.run();
            }
        }
    }

    private synchronized Process launch() throws IOException {
        if (stopping) {
            throw new IOException("stopping");
        }
        ProcessBuilder builder = new ProcessBuilder(command.command()).redirectErrorStream(true);
        builder.environment().putAll(command.environment());
        Process p = builder.start();
        process = p;
        Thread pump = new Thread(() -> pump(p), "trainer-output-" + name);
        pump.setDaemon(true);
        pump.start();
        log.info("Trainer {} started (pid {})", name, p.pid());
        return p;
    }

    /** The trainer's log lines, each prefixed with its name, in the node's output. */
    private void pump(Process p) {
        String prefix = "[" + name + "] ";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.println(prefix + line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Sends SIGTERM (the trainer stops its job at a batch boundary and requeues it) without waiting. */
    synchronized void requestStop() {
        stopping = true;
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
    }

    /** Waits until {@code deadline} for the trainer to exit, then kills it. */
    void awaitStop(Instant deadline) {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            long wait = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                log.warn("Trainer {} (pid {}) did not stop in time; killing it", name, p.pid());
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
