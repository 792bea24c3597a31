package io.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class RecentSnapshotsTest {

    private final UUID id = UUID.randomUUID();
    private final AtomicLong version = new AtomicLong(1);
    private final Supplier<JobSnapshot> database = () -> snapshot(version.get());

    private JobSnapshot snapshot(long v) {
        return new JobSnapshot(id, "job", JobStatus.RUNNING, null, "mini-batch", Instant.EPOCH, null, null, 0, 1, null, null,
                null, null, "node", null, null, v, null, null, null);
    }

    @Test
    void answersFromTheLastReadWithinTheTimeToLive() {
        RecentSnapshots recent = new RecentSnapshots(new RecentSnapshots.Properties(Duration.ofMinutes(1)));
        assertThat(recent.get(id, database).version()).isEqualTo(1);
        version.set(2); // changed by another node: not seen until the entry expires
        assertThat(recent.get(id, database).version()).isEqualTo(1);
    }

    @Test
    void readsAgainOnceTheEntryExpiresOrWhenTurnedOff() throws InterruptedException {
        RecentSnapshots shortLived = new RecentSnapshots(new RecentSnapshots.Properties(Duration.ofMillis(20)));
        shortLived.get(id, database);
        version.set(2);
        Thread.sleep(40);
        assertThat(shortLived.get(id, database).version()).isEqualTo(2);

        RecentSnapshots off = new RecentSnapshots(new RecentSnapshots.Properties(Duration.ZERO));
        off.get(id, database);
        version.set(3);
        assertThat(off.get(id, database).version()).isEqualTo(3);
    }

    @Test
    void aChangeOnThisNodeShowsAtOnceEvenIfReadBackBeforeItsTransactionCommits() {
        RecentSnapshots recent = new RecentSnapshots(new RecentSnapshots.Properties(Duration.ofMinutes(1)));
        recent.get(id, database);
        TransactionSynchronizationManager.initSynchronization();
        try {
            recent.changed(id);
            // A poll between the change and the commit still reads the committed (old) row and caches it...
            assertThat(recent.get(id, database).version()).isEqualTo(1);
            version.set(2);
            // ...and the commit evicts it again.
            for (TransactionSynchronization sync : TransactionSynchronizationManager.getSynchronizations()) {
                sync.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
            }
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        assertThat(recent.get(id, database).version()).isEqualTo(2);
    }
}
