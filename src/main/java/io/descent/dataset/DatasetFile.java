package io.descent.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The on-disk form of an uploaded or generated dataset: a header, then each split's features as
 * float32 rows and its labels (int32 class indices, or float32 values). Little-endian, so the
 * bytes go straight into native tensors.
 */
final class DatasetFile {

    static final int MAGIC = 0x44534431; // "DSD1"
    static final int HEADER_BYTES = 5 * 4;

    private DatasetFile() {}

    static void writeHeader(DataOutputStream out, int features, int classes, int trainRows, int testRows) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putInt(features).putInt(classes).putInt(trainRows).putInt(testRows);
        out.write(header.array());
    }

    /** Loads both splits into {@code manager}. */
    static LoadedDataset read(Path file, NDManager manager) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, HEADER_BYTES);
            if (header.getInt() != MAGIC) {
                throw new IOException(file + " is not a Descent dataset file");
            }
            int features = header.getInt();
            int classes = header.getInt();
            int train = header.getInt();
            int test = header.getInt();
            NDArray[] trainSplit = split(channel, manager, train, features, classes);
            NDArray[] testSplit = split(channel, manager, test, features, classes);
            return new LoadedDataset(trainSplit[0], trainSplit[1], testSplit[0], testSplit[1]);
        }
    }

    private static NDArray[] split(FileChannel channel, NDManager manager, int rows, int features, int classes) throws IOException {
        if (rows == 0) {
            return new NDArray[] {null, null};
        }
        NDArray x = manager.create(read(channel, (long) rows * features * 4), new Shape(rows, features), DataType.FLOAT32);
        NDArray y = classes > 0
                ? manager.create(read(channel, rows * 4L), new Shape(rows), DataType.INT32).toType(DataType.INT64, false)
                : manager.create(read(channel, rows * 4L), new Shape(rows), DataType.FLOAT32);
        return new NDArray[] {x, y};
    }

    private static ByteBuffer read(FileChannel channel, long bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("Dataset file ends early");
            }
        }
        return buffer.flip();
    }
}
