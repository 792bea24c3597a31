package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActiveRunsTest {

    private final ActiveRuns runs = new ActiveRuns();

    @Test
    void aRunWithoutHeartbeatsForTheTakeoverTimeoutStopsByItself() throws InterruptedException {
        ActiveRuns.ActiveRun run = runs.register(new Run(UUID.randomUUID(), 1), Duration.ofMillis(200), null);
        assertThat(run.shouldStop()).isFalse();
        Thread.sleep(120);
        run.heartbeatSucceeded();
        Thread.sleep(120);
        assertThat(run.shouldStop()).as("a heartbeat 120 ms ago").isFalse();
        Thread.sleep(150);
        assertThat(run.shouldStop()).isTrue();
        assertThat(run.reason()).isEqualTo(ActiveRuns.Reason.UNREACHABLE);
    }

    @Test
    void aRunStopsAtItsDeadline() throws InterruptedException {
        ActiveRuns.ActiveRun run = runs.register(new Run(UUID.randomUUID(), 1), Duration.ofMinutes(1), Instant.now().plusMillis(100));
        assertThat(run.shouldStop()).isFalse();
        Thread.sleep(150);
        assertThat(run.shouldStop()).isTrue();
        assertThat(run.reason()).isEqualTo(ActiveRuns.Reason.TIMEOUT);
    }

    @Test
    void theFirstReasonWinsAndUnregisteringForgetsOnlyThatRun() {
        UUID id = UUID.randomUUID();
        ActiveRuns.ActiveRun old = runs.register(new Run(id, 1), Duration.ofMinutes(1), null);
        runs.request(id, ActiveRuns.Reason.CANCELLED);
        runs.requestAll(ActiveRuns.Reason.SHUTDOWN);
        assertThat(old.reason()).isEqualTo(ActiveRuns.Reason.CANCELLED);
        ActiveRuns.ActiveRun current = runs.register(new Run(id, 2), Duration.ofMinutes(1), null);
        runs.unregister(old);
        assertThat(runs.runningHere()).containsExactly(current);
    }
}
