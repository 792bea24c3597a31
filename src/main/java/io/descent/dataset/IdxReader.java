package io.descent.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Reads gzip-compressed IDX files (the MNIST family's format) straight into native memory: the
 * bytes go to a direct buffer and are converted to float there, so a 60,000-image file never
 * becomes a 188 MB float[] on the heap.
 */
final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** Images as float32 [n, rows·cols] scaled to [0, 1]. */
    static NDArray images(InputStream gz, NDManager manager) throws IOException {
        try (NDArray raw = read(gz, manager, 3)) {
            long n = raw.getShape().get(0);
            return raw.toType(DataType.FLOAT32, false).divi(255f).reshape(n, -1);
        }
    }

    /** Labels as int64 [n]. */
    static NDArray labels(InputStream gz, NDManager manager) throws IOException {
        try (NDArray raw = read(gz, manager, 1)) {
            return raw.toType(DataType.INT64, false);
        }
    }

    private static NDArray read(InputStream gz, NDManager manager, int expectedDims) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(gz, 1 << 16))) {
            int magic = in.readInt();
            int type = (magic >> 8) & 0xFF;
            int dims = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
                throw new IOException("Not an unsigned-byte IDX file with " + expectedDims + " dimensions (magic 0x" + Integer.toHexString(magic) + ")");
            }
            long[] shape = new long[dims];
            long size = 1;
            for (int i = 0; i < dims; i++) {
                shape[i] = in.readInt();
                size *= shape[i];
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(size));
            byte[] chunk = new byte[1 << 16];
            while (buffer.hasRemaining()) {
                int read = in.read(chunk, 0, Math.min(chunk.length, buffer.remaining()));
                if (read < 0) {
                    throw new IOException("IDX file ends after " + buffer.position() + " of " + size + " bytes");
                }
                buffer.put(chunk, 0, read);
            }
            buffer.flip();
            return manager.create(buffer, new Shape(shape), DataType.UINT8);
        }
    }
}
