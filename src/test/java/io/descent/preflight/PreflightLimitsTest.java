package io.descent.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.dataset.DatasetCatalog;
import io.descent.job.spec.DatasetSelection;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.job.spec.LayerRequest;
import io.descent.job.spec.ModelSpec;
import io.descent.support.FullStackTest;
import io.descent.training.EngineLock;
import io.descent.training.TrainingLoop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * The bounds of a node's preflights while a long run holds the engine (the test holds {@link EngineLock}
 * itself): past max-concurrent a 503 with Retry-After, and a preflight that never gets the engine
 * answers as timed out within its limit.
 */
@FullStackTest
class PreflightLimitsTest {

    private static final JobSpec SPEC = new JobSpec(null, new DatasetSelection("fashion-mnist-small", null, null),
            new ModelSpec(List.of(new LayerRequest(null, 32, null, null, null)), null), null, Map.of("type", "sgd", "lr", 0.5),
            null, null, null, null, 1L, null, null, null, null, null);

    @Autowired
    JobSpecResolver resolver;
    @Autowired
    DatasetCatalog datasets;
    @Autowired
    TrainingLoop loop;

    private Preflight limited;
    private boolean locked;

    @AfterEach
    void release() {
        if (locked) {
            EngineLock.unlock();
        }
        if (limited != null) {
            limited.close();
        }
    }

    @Test
    void aPreflightThatNeverGetsTheEngineFailsAsTimedOutWithinItsLimit() {
        limited = new Preflight(resolver, datasets, loop, new PreflightProperties(1, Duration.ofMillis(300), Duration.ofSeconds(5), 1000, 2000));
        EngineLock.lock();
        locked = true;

        long start = System.nanoTime();
        PreflightReport report = limited.check(SPEC);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(waitedMs).isLessThan(300 + Preflight.GRACE.toMillis() + 1000);
        assertThat(report.pass()).isFalse();
        assertThat(report.initialLoss().reason()).contains("Timed out");
        assertThat(report.overfitTinySubset().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.overfitTinySubset().reason()).contains("Timed out");
    }

    @Test
    void pastMaxConcurrentAPreflightIsRefusedWith503AndRetryAfter() throws Exception {
        limited = new Preflight(resolver, datasets, loop, new PreflightProperties(1, Duration.ofSeconds(30), Duration.ofSeconds(7), 1000, 2000));
        EngineLock.lock();
        locked = true;
        CompletableFuture<PreflightReport> first = CompletableFuture.supplyAsync(() -> limited.check(SPEC));
        while (limited.running() == 0) {
            Thread.sleep(10);
        }

        assertThatThrownBy(() -> limited.check(SPEC)).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(503);
            assertThat(e.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        });

        EngineLock.unlock();
        locked = false;
        assertThat(first.get().overfitTinySubset().reason()).as("it ran once the engine was free").doesNotContain("Timed out");
        assertThat(limited.check(SPEC).overfitTinySubset().stepsTaken()).as("the slot is free again").isNotNull();
    }
}
