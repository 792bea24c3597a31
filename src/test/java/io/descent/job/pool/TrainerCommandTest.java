package io.descent.job.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerCommandTest {

    private static TrainerCommand.Built build(List<String> nodeArgs, String databaseUrl, PoolPlan plan) {
        return TrainerCommand.build(new TrainerCommand.Inputs("node-a", 2, plan, nodeArgs, List.of("-Xmx768m", "-Dx.y=1",
                "-agentlib:jdwp=transport=dt_socket"), List.of("-Xmx2g"), databaseUrl, "127.0.0.1:4000", "secret", 42));
    }

    @Test
    void aTrainerIsAWorkerOnlyJvmOfTheSameApplicationWithTheNodesSettingsUnderItsOwn() {
        TrainerCommand.Built built = build(List.of("--server.port=8080", "--descent.node.name=node-a", "--descent.checkpoints.dir=/c",
                "--spring.datasource.url=jdbc:h2:file:./data/descent",
                "--descent.worker.threadsPerProcess=1", "--descent.api.enabled=true", "positional"), "jdbc:h2:tcp://127.0.0.1:9/k;MODE=PostgreSQL",
                new PoolPlan(2, 1, 0));
        List<String> c = built.command();
        assertThat(c.get(0)).endsWith("/bin/java");
        // System properties travel; the node's heap, agents and debug ports do not; the pool's own JVM options do.
        assertThat(c).contains("-Dx.y=1", "-Xmx2g").doesNotContain("-Xmx768m", "-agentlib:jdwp=transport=dt_socket");
        assertThat(c).contains("--descent.checkpoints.dir=/c", "--descent.worker.threadsPerProcess=1", "positional",
                "--descent.node.name=node-a-t2", "--descent.api.enabled=false", "--descent.worker.processes=0",
                "--descent.engine.threads=1", "--server.port=0", "--server.address=127.0.0.1", "--spring.flyway.enabled=false");
        // Replaced, not repeated: Spring would join two values with a comma.
        assertThat(c).doesNotContain("--server.port=8080", "--descent.node.name=node-a", "--descent.api.enabled=true");
        assertThat(built.environment()).containsEntry("SPRING_DATASOURCE_URL", "jdbc:h2:tcp://127.0.0.1:9/k;MODE=PostgreSQL")
                .containsEntry("DESCENT_TRAINER_UPLINK", "127.0.0.1:4000").containsEntry("DESCENT_TRAINER_TOKEN", "secret")
                .containsEntry("DESCENT_TRAINER_PARENT_PID", "42").containsEntry("DESCENT_TRAINER_PARENT_DATABASE", "true")
                .containsEntry("OMP_NUM_THREADS", "1").doesNotContainKey("CUDA_VISIBLE_DEVICES");
        // The token and the database's secret name stay off the command line, where ps would show them.
        assertThat(String.join(" ", c)).doesNotContain("secret").doesNotContain("jdbc:h2:tcp");
    }

    @Test
    void onPostgresqlTrainersConnectAsTheNodeDoesAndEachSeesOnlyItsGpu() {
        TrainerCommand.Built built = build(List.of("--spring.datasource.url=jdbc:postgresql://db/descent"), null, new PoolPlan(4, 2, 4));
        assertThat(built.command()).contains("--spring.datasource.url=jdbc:postgresql://db/descent", "--descent.engine.threads=2")
                .noneMatch(a -> a.startsWith("--spring.datasource.url=jdbc:h2"));
        assertThat(built.environment()).containsEntry("DESCENT_TRAINER_PARENT_DATABASE", "false").containsEntry("CUDA_VISIBLE_DEVICES", "1");
    }
}
