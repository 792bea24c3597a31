package io.descent.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.training.CheckpointException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    private final byte[] state = new byte[100_000];

    CheckpointFileTest() {
        new Random(7).nextBytes(state);
    }

    private Path written() throws IOException {
        Path file = dir.resolve("job").resolve("epoch-3-a1.ckpt");
        CheckpointFile.write(file, out -> out.write(state));
        return file;
    }

    @Test
    void aWrittenCheckpointReadsBackExactlyAndLeavesNoTemporaryFile() throws IOException {
        Path file = written();
        CheckpointFile.verify(file);
        assertThat(CheckpointFile.readAll(file)).isEqualTo(state);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aTruncatedCheckpointIsRecognisedBeforeAnyOfItIsUsed() throws IOException {
        Path file = written();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertThatThrownBy(() -> CheckpointFile.verify(file)).isInstanceOf(CheckpointException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> CheckpointFile.open(file)).isInstanceOf(CheckpointException.class);
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws IOException {
        Path file = written();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(5_000);
            int b = raf.read();
            raf.seek(5_000);
            raf.write(b ^ 0x10);
        }
        assertThatThrownBy(() -> CheckpointFile.verify(file)).isInstanceOf(CheckpointException.class).hasMessageContaining("checksum");
    }

    @Test
    void missingAndEmptyFilesAreReportedWithoutTheirPath() throws IOException {
        Path missing = dir.resolve("nothing.ckpt");
        assertThatThrownBy(() -> CheckpointFile.verify(missing)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("missing").hasMessageNotContaining(dir.toString());
        Path empty = Files.createFile(dir.resolve("empty.ckpt"));
        assertThatThrownBy(() -> CheckpointFile.verify(empty)).isInstanceOf(CheckpointException.class).hasMessageContaining("truncated");
    }

    @Test
    void aFailedWriteLeavesTheOldFileInPlace() throws IOException {
        Path file = written();
        assertThatThrownBy(() -> CheckpointFile.write(file, out -> {
            out.write(new byte[10]);
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(CheckpointFile.readAll(file)).isEqualTo(state);
        assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".tmp"))).isFalse();
    }
}
