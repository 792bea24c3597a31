package io.descent.dataset;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds a {@link DatasetFile} row by row without holding the samples in memory: features and
 * labels go to two temporary files that are joined behind the header at the end, and the result
 * is moved into place only when complete.
 */
final class DatasetWriter implements Closeable {

    private final Path features;
    private final Path labels;
    private final DataOutputStream featureOut;
    private final DataOutputStream labelOut;
    private final ByteBuffer row;
    private final ByteBuffer label = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private int rows;

    DatasetWriter(Path directory, int featureCount) throws IOException {
        Files.createDirectories(directory);
        this.features = Files.createTempFile(directory, "features", ".tmp");
        this.labels = Files.createTempFile(directory, "labels", ".tmp");
        this.featureOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(features), 1 << 16));
        this.labelOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(labels), 1 << 16));
        this.row = ByteBuffer.allocate(featureCount * 4).order(ByteOrder.LITTLE_ENDIAN);
    }

    void add(float[] x, int classIndex) throws IOException {
        writeRow(x);
        labelOut.write(label.clear().putInt(classIndex).array());
    }

    void add(float[] x, float value) throws IOException {
        writeRow(x);
        labelOut.write(label.clear().putFloat(value).array());
    }

    int rows() {
        return rows;
    }

    private void writeRow(float[] x) throws IOException {
        row.clear();
        for (float v : x) {
            row.putFloat(v);
        }
        featureOut.write(row.array());
        rows++;
    }

    /**
     * Writes the finished file: header, then the train split (the first {@code trainRows} rows),
     * then the test split (the rest).
     *
     * @param classIndexMap remaps class indices as written (appearance order) to final ones; null to keep them
     */
    void finish(Path target, int featureCount, int classes, int trainRows, int[] classIndexMap) throws IOException {
        finish(target, featureCount, classes, trainRows, classIndexMap, labels);
    }

    /** Finishes with this writer's features and the float labels {@code values} collected row for row. */
    void finishRegression(Path target, DatasetWriter values, int featureCount, int trainRows) throws IOException {
        values.featureOut.close();
        values.labelOut.close();
        finish(target, featureCount, 0, trainRows, null, values.labels);
    }

    private void finish(Path target, int featureCount, int classes, int trainRows, int[] classIndexMap, Path labelFile) throws IOException {
        featureOut.close();
        labelOut.close();
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16));
                InputStream x = new java.io.BufferedInputStream(Files.newInputStream(features), 1 << 16);
                InputStream y = new java.io.BufferedInputStream(Files.newInputStream(labelFile), 1 << 16)) {
            DatasetFile.writeHeader(out, featureCount, classes, trainRows, rows - trainRows);
            copySplit(x, y, out, trainRows, featureCount, classIndexMap);
            copySplit(x, y, out, rows - trainRows, featureCount, classIndexMap);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copySplit(InputStream x, InputStream y, OutputStream out, int count, int featureCount, int[] map) throws IOException {
        long featureBytes = (long) count * featureCount * 4;
        copy(x, out, featureBytes);
        if (map == null) {
            copy(y, out, count * 4L);
            return;
        }
        ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            value.clear().put(y.readNBytes(4)).flip();
            int original = value.getInt();
            out.write(value.clear().putInt(map[original]).array());
        }
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = bytes;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("Temporary dataset file ends early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** Removes the temporary files (the finished file, if any, stays). */
    @Override
    public void close() throws IOException {
        featureOut.close();
        labelOut.close();
        Files.deleteIfExists(features);
        Files.deleteIfExists(labels);
    }
}
