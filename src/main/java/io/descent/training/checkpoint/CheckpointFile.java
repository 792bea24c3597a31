package io.descent.training.checkpoint;

import io.descent.training.CheckpointException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A checkpoint on disk: an 8-byte header, the run state, and a trailer with the state's length
 * and CRC32C. Written under a temporary name, fsynced, moved into place and the directory fsynced,
 * so that once a database row references the file it survives a power loss whole; read back only
 * after the trailer matches, so a truncated or damaged file is recognised as such instead of
 * resuming a run from garbage.
 *
 * <p>{@link FileOutputStream} and {@code FileDescriptor.sync()} are used rather than NIO channels
 * because channels close themselves when the writing thread is interrupted (a shutdown that ran
 * out of patience), which would turn a slow write into a failed one.
 */
public final class CheckpointFile {

    private static final byte[] HEADER = {'D', 'S', 'C', 'K', 'P', 'T', '0', '1'};
    private static final int TRAILER_MAGIC = 0x454e4431; // "END1"
    private static final int TRAILER = 8 + 4 + 4;

    private CheckpointFile() {}

    /** Writes {@code state} to {@code target} durably; replaces an existing file atomically. */
    public static void write(Path target, StateWriter state) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = dir.resolve(target.getFileName() + ".tmp");
        try (FileOutputStream file = new FileOutputStream(temporary.toFile())) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16));
            out.write(HEADER);
            CRC32C crc = new CRC32C();
            Counting payload = new Counting(new CheckedOutputStream(out, crc));
            state.writeTo(payload);
            payload.flush();
            out.writeLong(payload.count);
            out.writeInt((int) crc.getValue());
            out.writeInt(TRAILER_MAGIC);
            out.flush();
            file.getFD().sync();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir);
    }

    /**
     * Checks the file whole: header, trailer, length and checksum.
     *
     * @throws CheckpointException saying what is wrong (missing, truncated, damaged), never a path
     */
    public static void verify(Path file) {
        try (InputStream in = open(file)) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // open() checks the CRC as the last byte is read
            }
        } catch (IOException e) {
            throw new CheckpointException("the checkpoint file cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The run state in {@code file}; the stream fails at its end if the checksum does not match.
     *
     * @throws CheckpointException when the file is missing or its framing is wrong
     */
    public static InputStream open(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("the checkpoint file is missing", e);
        }
        if (size < HEADER.length + TRAILER) {
            throw new CheckpointException("the checkpoint file is truncated (" + size + " bytes)", null);
        }
        long payloadLength;
        int expectedCrc;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(HEADER.length);
            readFully(channel, header, 0);
            java.nio.ByteBuffer trailer = java.nio.ByteBuffer.allocate(TRAILER);
            readFully(channel, trailer, size - TRAILER);
            if (!Arrays.equals(header.array(), HEADER)) {
                throw new CheckpointException("the file is not a Descent checkpoint (bad header)", null);
            }
            payloadLength = trailer.getLong(0);
            expectedCrc = trailer.getInt(8);
            if (trailer.getInt(12) != TRAILER_MAGIC || payloadLength != size - HEADER.length - TRAILER) {
                throw new CheckpointException("the checkpoint file is truncated or damaged (no valid trailer)", null);
            }
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.skipNBytes(HEADER.length);
        return new Verifying(in, payloadLength, expectedCrc);
    }

    private static void readFully(FileChannel channel, java.nio.ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CheckpointException("the checkpoint file is truncated", null);
            }
        }
    }

    /** A rename is durable only once the directory entry is on disk too. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (java.nio.channels.ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            // Some file systems refuse to open or sync a directory; the rename itself happened.
        }
    }

    private static final class Counting extends java.io.FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Reads exactly the payload and checks its CRC32C when the last byte has been read. */
    private static final class Verifying extends FilterInputStream {
        private final CRC32C crc = new CRC32C();
        /** DataInputStream reads numbers a byte at a time: one buffer for all of them. */
        private final byte[] one = new byte[1];
        private final int expected;
        private long remaining;

        Verifying(InputStream in, long length, int expected) {
            super(in);
            this.remaining = length;
            this.expected = expected;
            if (length == 0) {
                check();
            }
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new CheckpointException("the checkpoint file is truncated", null);
            }
            crc.update(b, off, n);
            remaining -= n;
            if (remaining == 0) {
                check();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check() {
            if ((int) crc.getValue() != expected) {
                throw new CheckpointException("the checkpoint file is damaged (checksum mismatch)", null);
            }
        }
    }

    /** For tests and tools: the state bytes of a checkpoint, verified. */
    static byte[] readAll(Path file) throws IOException {
        try (InputStream in = open(file); DataInputStream data = new DataInputStream(in)) {
            return data.readAllBytes();
        }
    }
}
