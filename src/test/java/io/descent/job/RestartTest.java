package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.DescentApplication;
import io.descent.support.Api;
import io.descent.support.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Jobs live in the database, not in memory: queued and finished jobs survive a restart of the
 * application, and a job interrupted by a shutdown goes back to the queue and continues from its
 * checkpoint.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(boolean worker) {
        return new SpringApplicationBuilder(DescentApplication.class)
                .profiles("test")
                // Arguments, not builder properties: those are defaults that application.yml overrides.
                .run("--server.port=0", "--descent.data-dir=" + dataDir,
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/descent;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE",
                        "--descent.worker.enabled=" + worker);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build());
    }

    @Test
    void queuedFinishedAndInterruptedJobsSurviveRestarts() {
        String quick;
        String long_;
        try (ConfigurableApplicationContext apiOnly = start(false)) {
            Api api = api(apiOnly);
            quick = api.submitOk(Specs.tiny(2));
            long_ = api.submitOk(Specs.tiny(500));
            assertThat(api.job(quick)).containsEntry("status", "QUEUED");
        }

        try (ConfigurableApplicationContext worker = start(true)) {
            Api api = api(worker);
            assertThat(api.awaitStatus(quick, "SUCCEEDED")).containsEntry("currentEpoch", 2);
            api.await(long_, j -> "RUNNING".equals(j.get("status")) && (Integer) j.get("currentEpoch") >= 1, Duration.ofSeconds(60));
        }

        try (ConfigurableApplicationContext apiOnly = start(false)) {
            Api api = api(apiOnly);
            assertThat(api.job(quick)).containsEntry("status", "SUCCEEDED");
            assertThat(api.metrics(quick)).hasSize(2);
            Map<String, Object> requeued = api.job(long_);
            assertThat(requeued).containsEntry("status", "QUEUED");
            int kept = (Integer) requeued.get("currentEpoch");
            assertThat(kept).as("epochs finished before the shutdown are kept").isGreaterThanOrEqualTo(1);
            assertThat(api.metrics(long_)).hasSize(kept);
        }

        try (ConfigurableApplicationContext worker = start(true)) {
            Api api = api(worker);
            Map<String, Object> resumed = api.await(long_, j -> "RUNNING".equals(j.get("status")), Duration.ofSeconds(30));
            assertThat((Integer) resumed.get("resumedFromEpoch")).as("continues from its checkpoint").isGreaterThanOrEqualTo(1);
            api.cancel(long_);
            api.awaitStatus(long_, "CANCELLED");
        }
    }
}
