package io.descent.dataset;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An uploaded or generated dataset, read from its file. */
final class StoredDatasetSource implements DatasetSource {

    private final DatasetInfo info;
    private final Path file;

    StoredDatasetSource(DatasetInfo info, Path file) {
        this.info = info;
        this.file = file;
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public boolean available() {
        return Files.isReadable(file);
    }

    @Override
    public String howToInstall() {
        return "its file is missing on this node; upload or generate it again";
    }

    @Override
    public LoadedDataset load(NDManager manager) throws IOException {
        return DatasetFile.read(file, manager);
    }
}
