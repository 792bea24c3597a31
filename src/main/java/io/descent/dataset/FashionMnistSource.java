package io.descent.dataset;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST in its four IDX files, read either from a directory (Debian's
 * {@code dataset-fashion-mnist} package) or from the classpath (the subset shipped in the jar).
 */
final class FashionMnistSource implements DatasetSource {

    static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final String[] FILES = {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
    };

    private final DatasetInfo info;
    private final Path directory;
    private final String classpathFolder;

    private FashionMnistSource(DatasetInfo info, Path directory, String classpathFolder) {
        this.info = info;
        this.directory = directory;
        this.classpathFolder = classpathFolder;
    }

    static FashionMnistSource full(Path directory) {
        return new FashionMnistSource(new DatasetInfo("fashion-mnist", "Fashion-MNIST",
                "Zalando's 28x28 grayscale images of clothing in 10 classes (MIT licence).",
                60_000, 10_000, List.of(28, 28), CLASS_NAMES, directory.toString()), directory, null);
    }

    static FashionMnistSource shippedSubset() {
        String folder = "datasets/fashion-mnist-small/";
        return new FashionMnistSource(new DatasetInfo("fashion-mnist-small", "Fashion-MNIST (small subset)",
                "The first 5,000 training and 1,000 test images of Fashion-MNIST, shipped with Descent.",
                5_000, 1_000, List.of(28, 28), CLASS_NAMES, "classpath:" + folder), null, folder);
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public boolean available() {
        if (directory == null) {
            return true;
        }
        for (String file : FILES) {
            if (!Files.isReadable(directory.resolve(file))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String howToInstall() {
        return "install Debian's package (apt-get install dataset-fashion-mnist) or point descent.datasets.fashion-mnist-dir at a folder holding "
                + String.join(", ", FILES) + " (looked in " + directory + ")";
    }

    @Override
    public LoadedDataset load(NDManager manager) throws IOException {
        try (InputStream trainImages = open(FILES[0]); InputStream trainLabels = open(FILES[1]);
                InputStream testImages = open(FILES[2]); InputStream testLabels = open(FILES[3])) {
            return new LoadedDataset(IdxReader.images(trainImages, manager), IdxReader.labels(trainLabels, manager),
                    IdxReader.images(testImages, manager), IdxReader.labels(testLabels, manager));
        }
    }

    private InputStream open(String file) throws IOException {
        if (directory != null) {
            return Files.newInputStream(directory.resolve(file));
        }
        InputStream in = FashionMnistSource.class.getClassLoader().getResourceAsStream(classpathFolder + file);
        if (in == null) {
            throw new IOException("Missing classpath resource " + classpathFolder + file);
        }
        return in;
    }
}
