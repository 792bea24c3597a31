package io.descent.training.checkpoint;

import ai.djl.ndarray.NDArray;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes training state: numbers and tensors (DJL's own encoding), in a fixed order. */
public final class StateOutput {

    private final DataOutputStream out;

    public StateOutput(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    public void writeDouble(double v) throws IOException {
        out.writeDouble(v);
    }

    public void writeString(String v) throws IOException {
        out.writeUTF(v);
    }

    /** A tensor, or null. */
    public void writeArray(NDArray array) throws IOException {
        if (array == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
