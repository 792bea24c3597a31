package io.descent.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Descent node: the packaged jar run as a separate JVM, as an operator runs it, on a free
 * loopback port; its output goes to target/it-logs/. Kill it with SIGKILL or stop it with SIGTERM.
 */
public final class NodeProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final int port;
    private final Process process;

    private NodeProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts a node and waits until it reports healthy. */
    public static NodeProcess start(String name, List<String> settings) throws IOException {
        String jar = System.getProperty("descent.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new IllegalStateException("Run through `mvn verify`: the packaged jar (system property descent.jar) is missing: " + jar);
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar, "--server.port=" + port, "--descent.node.name=" + name,
                "--descent.worker.poll-interval=300ms", "--descent.worker.heartbeat-interval=1s", "--descent.worker.missed-heartbeats=4",
                "--descent.worker.cancel-poll-interval=200ms", "--logging.level.root=WARN", "--logging.level.io.descent=INFO"));
        // One JVM per node, as the fault tests assume, unless a test asks for a pool.
        if (settings.stream().noneMatch(s -> s.startsWith("--descent.worker.processes="))) {
            command.add("--descent.worker.processes=0");
        }
        command.addAll(settings);
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().put("DJL_OFFLINE", "true");
        NodeProcess node = new NodeProcess(name, port, builder.start());
        node.awaitHealthy(Duration.ofSeconds(90));
        return node;
    }

    public String name() {
        return name;
    }

    /** The node's process (its trainer processes, if it has a pool, are its children). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** kill -9: the node gets no chance to clean up, as in a power loss or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the node freezes (a long GC pause, a suspended VM) without knowing it. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: a frozen node carries on where it was. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** What the node has logged so far. */
    public String log() throws IOException {
        return Files.readString(Path.of("target", "it-logs", name + ".log"));
    }

    /** The HTTP status of a GET (the body is read and dropped). */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a job spec and returns the response (status and body), whatever the status. */
    public HttpResponse<String> post(String path, String json) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM: a graceful shutdown, as in a rolling restart. */
    public void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public Map<String, Object> submit(String spec, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(spec));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return map(send(request.build(), 201));
    }

    /** GETs {@code path} and returns its body as text, failing unless the answer is 200. */
    public String text(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build(), 200);
    }

    /** GETs {@code path} and returns its JSON object, failing unless the answer is 200. */
    public Map<String, Object> get(String path) {
        return map(send(HttpRequest.newBuilder(uri(path)).GET().build(), 200));
    }

    public Map<String, Object> job(String id) {
        return map(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id)).GET().build(), 200));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> metrics(String id) {
        return JSON.readValue(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id + "/metrics")).GET().build(), 200), List.class);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> events(String id) {
        return JSON.readValue(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id + "/events")).GET().build(), 200), List.class);
    }

    public Map<String, Object> cancel(String id) {
        return map(send(HttpRequest.newBuilder(uri("/api/v1/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(), 200));
    }

    /** Polls the job on this node until {@code condition} holds. */
    public Map<String, Object> await(String id, Predicate<Map<String, Object>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> job = job(id);
        while (!condition.test(job)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out on node " + name + " waiting on job " + id + "; last state: " + job);
            }
            Thread.sleep(100);
            job = job(id);
        }
        return job;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Node " + name + " exited with " + process.exitValue() + "; see target/it-logs/" + name + ".log");
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Node " + name + " did not become healthy in " + timeout + "; see target/it-logs/" + name + ".log");
    }

    private String send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(request.method() + " " + request.uri() + " on node " + name + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String body) {
        return JSON.readValue(body, Map.class);
    }

    /** The node's base URL, e.g. for a client that reads a stream itself. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
