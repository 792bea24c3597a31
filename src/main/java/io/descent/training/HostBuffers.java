package io.descent.training;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Two reusable native buffers handed out in turn, for tensors that alias them (libtorch's
 * from_blob: no copy on the CPU). A tensor built on one buffer stays valid while the next is
 * filled, which is what a training step needs: its batch and dropout masks are read through its
 * backward pass, and the training loop closes a step's arrays before the step after next begins.
 */
public final class HostBuffers {

    private final ByteBuffer[] buffers = new ByteBuffer[2];
    private int next;

    /** The next buffer, at least {@code bytes} long, as a native-order slice of exactly that size. */
    public ByteBuffer next(int bytes) {
        int slot = next;
        next = 1 - next;
        if (buffers[slot] == null || buffers[slot].capacity() < bytes) {
            buffers[slot] = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        return buffers[slot].slice(0, bytes).order(ByteOrder.nativeOrder());
    }
}
