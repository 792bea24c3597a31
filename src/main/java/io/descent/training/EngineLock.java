package io.descent.training;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's process-wide state, taken in turns. PyTorch allows one autograd recording per
 * process (a second concurrent {@code newGradientCollector()} throws), and the engine's random
 * seed is global: whatever records gradients or draws from the engine's generator holds this lock
 * for that stretch. It is fair, so short work (a preflight) waiting for it gets in between the
 * batches of a long run instead of after the run.
 */
public final class EngineLock {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private EngineLock() {}

    public static void lock() {
        LOCK.lock();
    }

    public static void unlock() {
        LOCK.unlock();
    }
}
