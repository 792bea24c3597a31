package io.descent.job;

import io.descent.training.CheckpointException;
import io.descent.training.checkpoint.CheckpointFile;
import io.descent.training.checkpoint.StateWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checkpoint files under {@code descent.checkpoints.dir}/{job id}/, one name per (epoch, attempt):
 * a worker that lost its job to another node (a stall past the takeover timeout) can never
 * overwrite or delete a file of the run that replaced it. Written durably by {@link CheckpointFile}.
 */
@Component
class CheckpointFiles {

    private static final Logger log = LoggerFactory.getLogger(CheckpointFiles.class);

    private final Path root;

    CheckpointFiles(CheckpointProperties properties) {
        this.root = properties.dir();
    }

    /**
     * @return the written file
     * @throws CheckpointException without the server's paths in its message (they go to the log)
     */
    Path write(UUID jobId, int attempt, int epoch, StateWriter state) {
        return write(jobId, "epoch-" + epoch + "-a" + attempt + ".ckpt", "after epoch " + epoch, state);
    }

    /** A checkpoint inside epoch {@code epoch}, after {@code step} of its batches. */
    Path writeInEpoch(UUID jobId, int attempt, int epoch, int step, StateWriter state) {
        return write(jobId, "epoch-" + epoch + "-batch-" + step + "-a" + attempt + ".ckpt", "in epoch " + epoch, state);
    }

    private Path write(UUID jobId, String name, String which, StateWriter state) {
        Path target = root.resolve(jobId.toString()).resolve(name);
        try {
            CheckpointFile.write(target, state);
            return target;
        } catch (IOException e) {
            log.warn("Cannot write checkpoint {}", target, e);
            throw new CheckpointException("The checkpoint " + which + " could not be written ("
                    + e.getClass().getSimpleName() + "); check the free space and permissions of descent.checkpoints.dir.", e);
        }
    }

    /** @return null when the file is whole, else what is wrong with it */
    String problem(String path) {
        try {
            CheckpointFile.verify(Path.of(path));
            return null;
        } catch (CheckpointException e) {
            return e.getMessage();
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
