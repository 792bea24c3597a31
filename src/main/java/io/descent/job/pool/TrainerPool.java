package io.descent.job.pool;

import io.descent.job.JobMetrics;
import io.descent.job.LocalWorker;
import io.descent.job.worker.WorkerProperties;
import io.descent.system.NodeIdentity;
import io.descent.system.changes.ChangeFeed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The node's pool: {@link PoolPlan#processes()} trainer processes, each a worker-only JVM of this
 * application training one job at a time with its own engine threads (and its own GPU), started
 * when the node starts, restarted when one dies, stopped before the node stops. The node itself
 * trains nothing; it serves the database to its trainers when that is its embedded H2 (on
 * PostgreSQL they connect as any node does) and shows their sums on its own metrics.
 */
final class TrainerPool implements SmartLifecycle, LocalWorker {

    private static final Logger log = LoggerFactory.getLogger(TrainerPool.class);

    private final PoolPlan plan;
    private final PoolProperties properties;
    private final WorkerProperties worker;
    private final NodeIdentity node;
    private final String databaseUrl;
    private final List<String> nodeArgs;
    private final JobMetrics metrics;
    private final ChangeFeed feed;
    private final Counter restarts;
    private final MemoryLedger memory;
    private final List<Trainer> trainers = new ArrayList<>();
    private EmbeddedDatabaseServer database;
    private TrainerChannel channel;
    private volatile boolean running;

    TrainerPool(PoolPlan plan, PoolProperties properties, WorkerProperties worker, NodeIdentity node, String databaseUrl,
            List<String> nodeArgs, JobMetrics metrics, ChangeFeed feed, MeterRegistry registry, long memoryBudget) {
        this.memory = new MemoryLedger(memoryBudget);
        Gauge.builder("descent.pool.memory.reserved", memory, MemoryLedger::reserved).baseUnit("bytes")
                .description("Memory the trainers' running jobs are estimated to need (descent.worker.memory-budget bounds it)").register(registry);
        Gauge.builder("descent.pool.memory.budget", memory, MemoryLedger::budget).baseUnit("bytes")
                .description("descent.worker.memory-budget: what the trainers' running jobs may need together").register(registry);
        this.plan = plan;
        this.properties = properties;
        this.worker = worker;
        this.node = node;
        this.databaseUrl = databaseUrl;
        this.nodeArgs = nodeArgs;
        this.metrics = metrics;
        this.feed = feed;
        this.restarts = Counter.builder("descent.pool.trainer.restarts").description("Trainer processes restarted after they died")
                .register(registry);
        Gauge.builder("descent.pool.trainers", plan, PoolPlan::processes).description("Trainer processes this node runs").register(registry);
        Gauge.builder("descent.pool.trainers.up", this, p -> p.trainers.stream().filter(Trainer::alive).count())
                .description("Trainer processes of this node alive now").register(registry);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        String trainerUrl = null;
        boolean embedded = EmbeddedDatabaseServer.serves(databaseUrl);
        if (embedded) {
            database = EmbeddedDatabaseServer.start(databaseUrl);
            trainerUrl = database.trainerUrl();
        } else if (databaseUrl == null || !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("descent.worker.processes needs a database its trainer processes can reach: an H2 file "
                    + "database (the default) or PostgreSQL, not " + databaseUrl + ". Set descent.worker.processes: 0 to train in this process.");
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        try {
            channel = new TrainerChannel(token, metrics, feed, embedded, memory);
        } catch (IOException e) {
            throw new UncheckedIOException("The trainer channel could not open a loopback port", e);
        }
        for (int i = 1; i <= plan.processes(); i++) {
            TrainerCommand.Built command = TrainerCommand.build(new TrainerCommand.Inputs(node.name(), i, plan, nodeArgs,
                    TrainerCommand.currentJvmArgs(), properties.trainerJvmOptions(), trainerUrl, channel.address(), token,
                    ProcessHandle.current().pid()));
            Trainer trainer = new Trainer(node.name() + "-t" + i, command, properties, restarts::increment, System.out);
            trainers.add(trainer);
            trainer.start();
        }
        running = true;
        log.info("Worker pool: {} trainer process(es) × {} intra-op thread(s){}", plan.processes(), plan.threadsPerProcess(),
                plan.gpus() > 0 ? ", one GPU each" : "");
    }

    /**
     * SIGTERM to every trainer at once (each stops its job at a batch boundary and requeues it),
     * then a wait as long as a trainer's own (its shutdown wait) plus its JVM's exit, then SIGKILL
     * for any left; the database server closes only after the trainers are gone.
     */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        trainers.forEach(Trainer::requestStop);
        Instant deadline = Instant.now().plus(worker.shutdownWait()).plusSeconds(15);
        trainers.forEach(t -> t.awaitStop(deadline));
        trainers.clear();
        channel.close();
        if (database != null) {
            database.close();
        }
        log.info("Worker pool stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before anything the trainers use (the database server, the data source) goes away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** A job was queued on this node: idle trainers look at once instead of at their next poll. */
    @Override
    public void wake() {
        TrainerChannel c = channel;
        if (c != null) {
            log.debug("A job was queued: waking {} trainer(s)", c.connected().size());
            c.broadcast("wake");
        }
    }

    /** For /actuator/info: each trainer's name, process id, whether it is connected and taking jobs, its restarts. */
    synchronized Map<String, Object> describe() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Trainer t : trainers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("pid", t.pid());
            m.put("connected", channel != null && channel.connected().contains(t.name()));
            m.put("restarts", t.restarts());
            list.add(m);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("processes", plan.processes());
        info.put("threadsPerProcess", plan.threadsPerProcess());
        info.put("gpus", plan.gpus());
        info.put("memoryBudgetBytes", memory.budget());
        info.put("memoryReservedBytes", memory.reserved());
        info.put("trainers", list);
        return info;
    }
}
