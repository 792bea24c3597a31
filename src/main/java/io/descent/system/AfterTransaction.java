package io.descent.system;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must wait for the current transaction's outcome: deleting a file only once the row
 * that referenced it is gone for good, waking a worker only once the job it should pick is
 * visible. Without an active transaction the work runs at once (there is nothing to wait for).
 */
public final class AfterTransaction {

    private AfterTransaction() {}

    public static void commit(Runnable action) {
        register(action, true, false);
    }

    public static void rollback(Runnable action) {
        register(action, false, true);
    }

    /** After commit or rollback alike. */
    public static void completion(Runnable action) {
        register(action, true, true);
    }

    private static void register(Runnable action, boolean onCommit, boolean onRollback) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            if (onCommit) {
                action.run();
            }
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED ? onCommit : onRollback) {
                    action.run();
                }
            }
        });
    }
}
