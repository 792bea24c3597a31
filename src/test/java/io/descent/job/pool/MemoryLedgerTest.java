package io.descent.job.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryLedgerTest {

    private final MemoryLedger ledger = new MemoryLedger(100);
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();

    @Test
    void jobsRunTogetherWhileTheyFitTheBudget() {
        assertThat(ledger.reserve("t1", a, 60)).isTrue();
        assertThat(ledger.reserve("t2", b, 40)).as("60 + 40 fits 100").isTrue();
        assertThat(ledger.reserve("t3", c, 1)).as("nothing left").isFalse();
        assertThat(ledger.reserved()).isEqualTo(100);
    }

    @Test
    void aJobBiggerThanTheBudgetRunsAloneRatherThanNever() {
        assertThat(ledger.reserve("t1", a, 250)).isTrue();
        assertThat(ledger.reserve("t2", b, 10)).isFalse();
        ledger.release("t1", a);
        assertThat(ledger.reserve("t2", b, 10)).isTrue();
        assertThat(ledger.reserve("t1", a, 250)).as("not beside another job").isFalse();
    }

    @Test
    void releasingGivesTheMemoryBackAndAskingAgainForTheSameJobCountsItOnce() {
        assertThat(ledger.reserve("t1", a, 70)).isTrue();
        assertThat(ledger.reserve("t1", a, 70)).isTrue();
        assertThat(ledger.reserved()).isEqualTo(70);
        assertThat(ledger.reserve("t2", b, 70)).isFalse();
        ledger.release("t1", a);
        assertThat(ledger.reserved()).isZero();
        assertThat(ledger.reserve("t2", b, 70)).isTrue();
        ledger.release("t1", b);
        assertThat(ledger.reserved()).as("only the trainer holding it releases it").isEqualTo(70);
    }

    @Test
    void aTrainerThatDiesGivesBackAllItHeld() {
        ledger.reserve("t1", a, 30);
        ledger.reserve("t1", b, 30);
        ledger.reserve("t2", c, 30);
        ledger.releaseAll("t1");
        assertThat(ledger.reserved()).isEqualTo(30);
        ledger.releaseAll("t9");
        assertThat(ledger.reserved()).isEqualTo(30);
    }
}
