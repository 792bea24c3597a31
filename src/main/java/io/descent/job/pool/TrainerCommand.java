package io.descent.job.pool;

import io.descent.DescentApplication;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line and environment of one trainer process: the node's own Java, class path (or
 * jar), system properties and arguments, with the settings that make it a trainer put on top. A
 * node argument a trainer setting replaces is dropped rather than repeated (Spring would join the
 * two values with a comma).
 */
final class TrainerCommand {

    private TrainerCommand() {}

    /** What differs between trainers and what they share; see {@link #build}. */
    record Inputs(String nodeName, int index, PoolPlan plan, List<String> nodeArgs, List<String> nodeJvmArgs, List<String> extraJvmOptions,
            String databaseUrl, String uplink, String token, long parentPid) {}

    record Built(List<String> command, Map<String, String> environment) {}

    static Built build(Inputs in) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : in.nodeJvmArgs()) {
            // System properties travel (DJL's offline flags, test settings); heap sizes, agents and
            // debug ports do not: a trainer's JVM is sized by trainerJvmOptions.
            if (option.startsWith("-D")) {
                command.add(option);
            }
        }
        command.addAll(in.extraJvmOptions());
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(DescentApplication.class.getName());
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("descent.node.name", in.nodeName() + "-t" + in.index());
        overrides.put("descent.api.enabled", "false");
        overrides.put("descent.worker.enabled", "true");
        overrides.put("descent.worker.processes", "0");
        overrides.put("descent.engine.threads", Integer.toString(in.plan().threadsPerProcess()));
        // Health and metrics of the trainer itself, on loopback only; the node's scrape has its sums.
        overrides.put("server.port", "0");
        overrides.put("server.address", "127.0.0.1");
        // The node migrated the schema before starting its trainers.
        overrides.put("spring.flyway.enabled", "false");
        // The embedded database's URL holds its secret name: in the environment, not on the command
        // line where ps shows it to every user of the machine. Any node argument naming a URL is
        // dropped, so this one wins over application.yml.
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> replacedByEnvironment = new LinkedHashMap<>(overrides);
        if (in.databaseUrl() != null) {
            environment.put("SPRING_DATASOURCE_URL", in.databaseUrl());
            replacedByEnvironment.put("spring.datasource.url", "");
        }
        for (String arg : in.nodeArgs()) {
            if (!replaced(arg, replacedByEnvironment)) {
                command.add(arg);
            }
        }
        overrides.forEach((key, value) -> command.add("--" + key + "=" + value));

        environment.put("DESCENT_TRAINER_UPLINK", in.uplink());
        environment.put("DESCENT_TRAINER_TOKEN", in.token());
        environment.put("DESCENT_TRAINER_PARENT_PID", Long.toString(in.parentPid()));
        environment.put("DESCENT_TRAINER_PARENT_DATABASE", Boolean.toString(in.databaseUrl() != null));
        // OpenMP and MKL would otherwise start one thread per core in every trainer.
        environment.put("OMP_NUM_THREADS", Integer.toString(in.plan().threadsPerProcess()));
        environment.put("MKL_NUM_THREADS", Integer.toString(in.plan().threadsPerProcess()));
        if (in.plan().gpus() > 0) {
            // Trainer i sees GPU i-1 as its only device, so a spec's "auto" or "gpu" lands there.
            environment.put("CUDA_VISIBLE_DEVICES", Integer.toString((in.index() - 1) % in.plan().gpus()));
        }
        return new Built(command, environment);
    }

    /** The node's JVM options, for {@link Inputs#nodeJvmArgs()}. */
    static List<String> currentJvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    private static boolean replaced(String arg, Map<String, String> overrides) {
        String key = relaxed(keyOf(arg));
        return key != null && overrides.keySet().stream().anyMatch(k -> relaxed(k).equals(key));
    }

    /** {@code --a.b-c=v} → {@code a.b-c}; null for anything that is not an option. */
    private static String keyOf(String arg) {
        if (!arg.startsWith("--")) {
            return null;
        }
        int eq = arg.indexOf('=');
        return eq < 0 ? arg.substring(2) : arg.substring(2, eq);
    }

    /** Spring's relaxed binding: {@code descent.worker.threadsPerProcess} and {@code descent.worker.threads-per-process} are one. */
    private static String relaxed(String key) {
        return key == null ? null : key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
