package io.descent.job;

import io.descent.training.CheckpointException;
import io.descent.training.checkpoint.StateWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Checkpoint files under {@code descent.checkpoints.dir}/{job id}/. A file is written under a
 * temporary name and moved into place, so a crash never leaves a half-written checkpoint that a
 * database row points to.
 */
@Component
class CheckpointFiles {

    private final Path root;

    CheckpointFiles(CheckpointProperties properties) {
        this.root = properties.dir();
    }

    /** @return the written file */
    Path write(UUID jobId, int epoch, StateWriter state) {
        try {
            Path dir = Files.createDirectories(root.resolve(jobId.toString()));
            Path target = dir.resolve("epoch-" + epoch + ".ckpt");
            Path temporary = dir.resolve("epoch-" + epoch + ".ckpt.tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                state.writeTo(out);
            }
            return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CheckpointException("Cannot write the checkpoint of job " + jobId + " under " + root + ": " + e.getMessage(), e);
        }
    }

    void delete(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            // A stale file costs disk space only; it is never referenced again.
        }
    }

    /** Removes a deleted job's checkpoint folder. */
    void deleteAll(UUID jobId) {
        Path dir = root.resolve(jobId.toString());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> delete(p.toString()));
        } catch (IOException e) {
            // as above
        }
    }
}
