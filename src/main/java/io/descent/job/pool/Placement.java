package io.descent.job.pool;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where this process's training happens, decided from the settings before any bean exists: in this
 * JVM (a trainer of a pool, or a node with {@code descent.worker.processes: 0}) or in a pool of
 * trainer processes this node supervises. A node with {@code descent.worker.enabled: false} trains
 * nowhere.
 */
public final class Placement {

    private Placement() {}

    static boolean workerEnabled(Environment env) {
        return env.getProperty("descent.worker.enabled", Boolean.class, true);
    }

    /** This process is a trainer started by a node's pool. */
    public static boolean isTrainer(Environment env) {
        String uplink = env.getProperty("descent.trainer.uplink");
        return uplink != null && !uplink.isBlank();
    }

    static boolean zeroProcesses(Environment env) {
        return "0".equals(env.getProperty("descent.worker.processes", PoolPlan.AUTO).trim());
    }

    /** Training runs in this JVM: the worker (db-scheduler, the training loop) lives here. */
    public static final class InProcess implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            return workerEnabled(env) && (isTrainer(env) || zeroProcesses(env));
        }
    }

    /** This node supervises trainer processes and trains nothing itself. */
    public static final class Pooled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            return workerEnabled(env) && !isTrainer(env) && !zeroProcesses(env);
        }
    }

    /** This process is a trainer of a node's pool. */
    public static final class Trainer implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isTrainer(context.getEnvironment());
        }
    }
}
