package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.job.pool.PoolPlan;
import io.descent.support.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's pool of trainer processes on its embedded H2, with real processes: a trainer killed
 * mid-job is restarted and its job resumes from its checkpoint with every epoch exactly once; a
 * SIGTERM stops the trainers first and requeues their jobs; a node killed outright leaves no
 * trainer behind; the default pool trains.
 */
class WorkerPoolIT {

    static final String SPEC = """
            {"name": "pooled", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
             "model": {"layers": [{"units": 128, "dropout": 0.2}]},
             "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9}, "epochs": %d, "batchSize": 16, "seed": %d}""";

    @TempDir
    Path dataDir;

    private NodeProcess node(String name, String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("--descent.data-dir=" + dataDir));
        settings.addAll(List.of(more));
        return NodeProcess.start(name, settings);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> trainers(NodeProcess node) {
        return (List<Map<String, Object>>) ((Map<String, Object>) node.get("/actuator/info").get("pool")).get("trainers");
    }

    /** Waits until every trainer of the pool is up and connected to its node. */
    private static List<Map<String, Object>> awaitTrainers(NodeProcess node, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            List<Map<String, Object>> trainers = trainers(node);
            if (trainers.size() == count && trainers.stream().allMatch(t -> Boolean.TRUE.equals(t.get("connected")))) {
                return trainers;
            }
            assertThat(System.nanoTime()).as("trainers not all connected: %s", trainers).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static long pidOf(List<Map<String, Object>> trainers, String name) {
        return trainers.stream().filter(t -> name.equals(t.get("name"))).map(t -> ((Number) t.get("pid")).longValue()).findFirst().orElseThrow();
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            assertThat(System.nanoTime()).as("trainer processes still running: %s", processes.stream().filter(ProcessHandle::isAlive).toList())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aKilledTrainerIsRestartedItsJobResumesExactlyAndSigtermRequeuesEveryTrainersJob() throws Exception {
        String first;
        List<String> later = new ArrayList<>();
        List<ProcessHandle> children;
        try (NodeProcess node = node("pool", "--descent.worker.processes=2", "--descent.worker.threads-per-process=1",
                "--descent.worker.restart-backoff=500ms")) {
            awaitTrainers(node, 2);
            first = (String) node.submit(SPEC.formatted(10, 1), null).get("id");
            Map<String, Object> running = node.await(first, j -> "RUNNING".equals(j.get("status")) && (Integer) j.get("currentEpoch") >= 2,
                    Duration.ofSeconds(120));
            String trainer = (String) running.get("node");
            assertThat(trainer).matches("pool-t[12]");
            long killed = pidOf(trainers(node), trainer);
            ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // kill -9, as the OOM killer would

            // The node notices, starts a new process under the same name, and it connects.
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            Map<String, Object> restarted = null;
            while (restarted == null) {
                assertThat(System.nanoTime()).as("trainer %s not restarted: %s", trainer, trainers(node)).isLessThan(deadline);
                restarted = trainers(node).stream().filter(t -> trainer.equals(t.get("name")) && t.get("pid") != null
                        && ((Number) t.get("pid")).longValue() != killed && Boolean.TRUE.equals(t.get("connected"))).findFirst().orElse(null);
                Thread.sleep(300);
            }
            assertThat(restarted.get("restarts")).isEqualTo(1);

            Map<String, Object> done = node.await(first, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            assertThat(done.get("resumedFromEpoch")).isNotNull();
            assertThat(node.metrics(first)).extracting(r -> r.get("epoch")).containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
            assertThat(node.events(first)).extracting(e -> (String) e.get("reason"))
                    .anySatisfy(r -> assertThat(r).contains("after node " + trainer + " stopped heartbeating"));

            // Both trainers busy, then a SIGTERM of the node.
            later.add((String) node.submit(SPEC.formatted(400, 2), null).get("id"));
            later.add((String) node.submit(SPEC.formatted(400, 3), null).get("id"));
            for (String id : later) {
                node.await(id, j -> "RUNNING".equals(j.get("status")) && (Integer) j.get("currentEpoch") >= 1, Duration.ofSeconds(120));
            }
            assertThat(later.stream().map(id -> node.job(id).get("node")).distinct()).hasSize(2);
            children = node.handle().children().toList();
            assertThat(children).hasSize(2);
            node.terminate();
            // The node exits only after its trainers did.
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        }
        try (NodeProcess look = node("pool-look", "--descent.worker.enabled=false")) {
            for (String id : later) {
                assertThat(look.job(id)).containsEntry("status", "QUEUED");
                assertThat(look.events(id)).extracting(e -> (String) e.get("reason"))
                        .anySatisfy(r -> assertThat(r).startsWith("node shut down").endsWith("back in the queue"));
            }
        }
    }

    @Test
    void theDefaultPoolTrainsAndANodeKilledOutrightLeavesNoTrainerBehind() throws Exception {
        PoolPlan expected = PoolPlan.of("auto", "auto", Runtime.getRuntime().availableProcessors(), 0);
        try (NodeProcess node = node("auto", "--descent.worker.processes=auto")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> pool = (Map<String, Object>) node.get("/actuator/info").get("pool");
            assertThat(pool).containsEntry("processes", expected.processes()).containsEntry("threadsPerProcess", expected.threadsPerProcess());
            awaitTrainers(node, expected.processes());
            String id = (String) node.submit(SPEC.formatted(3, 4), null).get("id");
            Map<String, Object> done = node.await(id, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
            assertThat((String) done.get("node")).startsWith("auto-t");
            assertThat(node.metrics(id)).hasSize(3);
            // The node's scrape shows what its trainers trained: 3 epochs of 4,000 rows.
            assertThat(node.text("/actuator/prometheus")).contains("descent_training_samples_total 12000.0");

            List<ProcessHandle> children = node.handle().children().toList();
            assertThat(children).hasSize(expected.processes());
            node.kill();
            awaitGone(children, Duration.ofSeconds(20));
        }
    }
    @Test
    void twoTrainersRunTwoJobsAtOnceOnlyWhenBothFitTheMemoryBudget() throws Exception {
        // A budget below one job's estimate: each job runs, but only while no other does.
        try (NodeProcess node = node("lean", "--descent.worker.processes=2", "--descent.worker.threads-per-process=1",
                "--descent.worker.memory-budget=1MB")) {
            assertThat(twoJobsOverlap(node, 4)).as("the two runs, one after the other").isFalse();
            assertThat(node.log()).contains("waits for memory");
            @SuppressWarnings("unchecked")
            Map<String, Object> pool = (Map<String, Object>) node.get("/actuator/info").get("pool");
            assertThat(pool).containsEntry("memoryBudgetBytes", 1048576).containsEntry("memoryReservedBytes", 0);
        }
        // With the default budget (max-job-memory, half the machine) the same two jobs train side by side.
        try (NodeProcess node = node("roomy", "--descent.worker.processes=2", "--descent.worker.threads-per-process=1")) {
            assertThat(twoJobsOverlap(node, 8)).as("two trainers, two jobs at once").isTrue();
        }
    }

    /** Submits two jobs of {@code epochs} to the node's two trainers; whether their runs overlapped in time. */
    private static boolean twoJobsOverlap(NodeProcess node, int epochs) throws Exception {
        awaitTrainers(node, 2);
        String a = (String) node.submit(SPEC.formatted(epochs, 5), null).get("id");
        String b = (String) node.submit(SPEC.formatted(epochs, 6), null).get("id");
        Map<String, Object> doneA = node.await(a, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
        Map<String, Object> doneB = node.await(b, j -> "SUCCEEDED".equals(j.get("status")), Duration.ofSeconds(180));
        return overlap(doneA, doneB);
    }

    private static boolean overlap(Map<String, Object> a, Map<String, Object> b) {
        java.time.Instant startA = java.time.Instant.parse((String) a.get("startedAt"));
        java.time.Instant endA = java.time.Instant.parse((String) a.get("finishedAt"));
        java.time.Instant startB = java.time.Instant.parse((String) b.get("startedAt"));
        java.time.Instant endB = java.time.Instant.parse((String) b.get("finishedAt"));
        return startA.isBefore(endB) && startB.isBefore(endA);
    }
}
