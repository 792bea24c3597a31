package io.descent.training.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads what {@link StateOutput} wrote, in the same order. */
public final class StateInput {

    private final DataInputStream in;

    public StateInput(InputStream in) {
        this.in = new DataInputStream(in);
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public double readDouble() throws IOException {
        return in.readDouble();
    }

    public String readString() throws IOException {
        return in.readUTF();
    }

    /** A tensor owned by {@code manager}, or null if null was written. */
    public NDArray readArray(NDManager manager) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("Checkpoint ends inside a tensor");
        }
        return NDArray.decode(manager, bytes);
    }

    /** Reads a tensor into an existing one, keeping its identity (and its gradient flag). */
    public void readInto(NDArray target) throws IOException {
        try (NDManager scope = target.getManager().newSubManager()) {
            NDArray value = readArray(scope);
            if (value == null || !value.getShape().equals(target.getShape())) {
                throw new IOException("Checkpoint tensor does not match shape " + target.getShape());
            }
            value.copyTo(target);
        }
    }
}
