package io.descent.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.TrainingData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.springframework.stereotype.Component;

/**
 * The datasets jobs can name. Each is loaded into native memory on first use and kept for the
 * life of the process, so the second job on a dataset starts without reading files.
 */
@Component
public class DatasetCatalog implements AutoCloseable {

    private final Map<String, DatasetSource> sources = new LinkedHashMap<>();
    private final Map<String, LoadedDataset> loaded = new LinkedHashMap<>();
    private NDManager cache;

    public DatasetCatalog(DatasetProperties properties) {
        for (DatasetSource source : List.of(FashionMnistSource.full(properties.fashionMnistDir()), FashionMnistSource.shippedSubset(),
                new SyntheticLinearSource())) {
            sources.put(source.info().id(), source);
        }
    }

    public List<DatasetInfo> all() {
        return sources.values().stream().map(DatasetSource::info).toList();
    }

    public Optional<DatasetInfo> find(String id) {
        return Optional.ofNullable(sources.get(id)).map(DatasetSource::info);
    }

    public boolean available(String id) {
        DatasetSource source = sources.get(id);
        return source != null && source.available();
    }

    /** What to do to make {@code id} available; only meaningful when it is not. */
    public String howToInstall(String id) {
        return sources.get(id).howToInstall();
    }

    public String knownIds() {
        return String.join(", ", sources.keySet());
    }

    /**
     * The tensors one job trains and validates on.
     *
     * @param seed shuffles the training split before a validation fraction is carved off
     * @throws DatasetUnavailableException when the files cannot be read
     */
    public PreparedData prepare(String id, ValidationSplit validation, long seed) {
        DatasetInfo info = find(id).orElseThrow(() -> new DatasetUnavailableException("Unknown dataset " + id, null));
        LoadedDataset dataset = load(id);
        NDManager owned = dataset.trainFeatures().getManager().newSubManager();
        try {
            TrainingData data = switch (validation.kind()) {
                case TEST -> new TrainingData(dataset.trainFeatures(), dataset.trainLabels(), dataset.testFeatures(), dataset.testLabels(), info.classes());
                case NONE -> new TrainingData(dataset.trainFeatures(), dataset.trainLabels(), null, null, info.classes());
                case FRACTION -> carve(dataset, validation.fraction(), seed, info.classes(), owned);
            };
            return new PreparedData(data, owned);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    private static TrainingData carve(LoadedDataset dataset, double fraction, long seed, int classes, NDManager owned) {
        int n = Math.toIntExact(dataset.trainFeatures().getShape().get(0));
        int validationSize = Math.max(1, Math.min(n - 1, (int) Math.round(n * fraction)));
        List<Long> order = new ArrayList<>(n);
        for (long i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(seed));
        long[] validationRows = order.subList(0, validationSize).stream().mapToLong(Long::longValue).toArray();
        long[] trainRows = order.subList(validationSize, n).stream().mapToLong(Long::longValue).sorted().toArray();
        NDArray validationIndex = owned.create(validationRows);
        NDArray trainIndex = owned.create(trainRows);
        return new TrainingData(rows(dataset.trainFeatures(), trainIndex, owned), rows(dataset.trainLabels(), trainIndex, owned),
                rows(dataset.trainFeatures(), validationIndex, owned), rows(dataset.trainLabels(), validationIndex, owned), classes);
    }

    private static NDArray rows(NDArray source, NDArray index, NDManager owned) {
        NDArray selected = source.get(index);
        selected.attach(owned);
        return selected;
    }

    private synchronized LoadedDataset load(String id) {
        LoadedDataset dataset = loaded.get(id);
        if (dataset != null) {
            return dataset;
        }
        DatasetSource source = sources.get(id);
        if (!source.available()) {
            throw new DatasetUnavailableException("Dataset " + id + " is not available on this node: " + source.howToInstall() + ".", null);
        }
        if (cache == null) {
            cache = NDManager.newBaseManager();
        }
        NDManager scope = cache.newSubManager();
        try {
            dataset = source.load(scope);
        } catch (IOException | RuntimeException e) {
            scope.close();
            throw new DatasetUnavailableException("Dataset " + id + " could not be read: " + e.getMessage(), e);
        }
        loaded.put(id, dataset);
        return dataset;
    }

    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.close();
            cache = null;
            loaded.clear();
        }
    }
}
