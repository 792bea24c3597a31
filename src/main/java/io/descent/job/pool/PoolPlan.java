package io.descent.job.pool;

/**
 * How many trainer processes a node runs and with how many intra-op threads each, from the
 * settings and the machine. The {@code auto} rule follows the measurements of docs/benchmarks.md
 * ("A worker pool on one node"): on up to 3 cores one single-threaded trainer per core (a study of
 * 8 canonical trials finished 1.17x sooner than in the node's own JVM with both threads; a lone
 * long job trains faster per epoch with every thread, {@code processes: 0}); on more cores one
 * trainer of two threads per two cores, since small networks use more threads poorly (not measured
 * here: only 2-core machines were at hand); with GPUs, one trainer per GPU, each seeing only its own.
 *
 * @param processes trainer processes; 0: this JVM trains, as a single trainer
 * @param threadsPerProcess intra-op threads per trainer
 * @param gpus GPUs on this machine; trainer {@code i} of a GPU node sees only GPU {@code i}
 */
public record PoolPlan(int processes, int threadsPerProcess, int gpus) {

    static final String AUTO = "auto";

    /**
     * @throws IllegalArgumentException naming the setting when a value is neither {@code auto} nor
     *     a number in range
     */
    public static PoolPlan of(String processes, String threadsPerProcess, int cores, int gpus) {
        Integer n = number("descent.worker.processes", processes, 0);
        Integer t = number("descent.worker.threads-per-process", threadsPerProcess, 1);
        int count;
        if (n != null) {
            count = n;
        } else if (gpus > 0) {
            count = gpus;
        } else if (t != null) {
            count = Math.max(1, cores / t);
        } else {
            // Measured on 2 cores (docs/benchmarks.md): two trainers of one thread beat one of two
            // for a queue of jobs, and one trainer of two threads in a pool lost to both.
            count = cores <= 3 ? cores : cores / 2;
        }
        int threads = t != null ? t : Math.max(1, cores / Math.max(1, count));
        return new PoolPlan(count, threads, gpus);
    }

    /** Whether this node trains through child processes rather than in its own JVM. */
    public boolean pooled() {
        return processes > 0;
    }

    private static Integer number(String name, String value, int min) {
        String v = value == null ? AUTO : value.trim();
        if (v.equalsIgnoreCase(AUTO)) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(v);
            if (parsed >= min && parsed <= 256) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(name + " is \"" + value + "\"; use auto or a whole number from " + min + " to 256.");
    }
}
