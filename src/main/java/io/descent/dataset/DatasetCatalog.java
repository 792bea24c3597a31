package io.descent.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.Normalization;
import io.descent.training.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The datasets jobs can name: the built-in ones and those uploaded or generated (stored as files,
 * described in the database). Each is loaded into native memory on first use and kept for the life
 * of the process (until deleted), so the second job on a dataset starts without reading files.
 */
@Component
public class DatasetCatalog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final Map<String, DatasetSource> builtIn = new LinkedHashMap<>();
    private final DatasetRecordRepository stored;
    private final JsonMapper json;
    private final Map<String, LoadedDataset> loaded = new HashMap<>();
    private final Map<String, NDManager> scopes = new HashMap<>();
    private NDManager cache;

    public DatasetCatalog(DatasetProperties properties, DatasetRecordRepository stored, JsonMapper json) {
        for (DatasetSource source : List.of(FashionMnistSource.full(properties.fashionMnistDir()), FashionMnistSource.shippedSubset(),
                new SyntheticLinearSource())) {
            builtIn.put(source.info().id(), source);
        }
        this.stored = stored;
        this.json = json;
    }

    public List<DatasetInfo> all() {
        return Stream.concat(builtIn.values().stream(), stored.findAllByOrderByCreatedAt().stream().map(this::source))
                .map(DatasetSource::info).toList();
    }

    public Optional<DatasetInfo> find(String id) {
        return source(id).map(DatasetSource::info);
    }

    public boolean isBuiltIn(String id) {
        return builtIn.containsKey(id);
    }

    public boolean available(String id) {
        return source(id).map(DatasetSource::available).orElse(false);
    }

    /** What to do to make {@code id} available; only meaningful when it is not. */
    public String howToInstall(String id) {
        return source(id).map(DatasetSource::howToInstall).orElse("it does not exist");
    }

    public String knownIds() {
        List<String> ids = new ArrayList<>(builtIn.keySet());
        stored.findAllByOrderByCreatedAt().forEach(r -> ids.add(r.getId()));
        return String.join(", ", ids);
    }

    /**
     * The tensors one job trains and validates on.
     *
     * @param seed shuffles the training split before a validation fraction is carved off
     * @param normalize "none", "standard" or "minmax": fitted on the training split only
     * @throws DatasetUnavailableException when the files cannot be read
     */
    public PreparedData prepare(String id, ValidationSplit validation, String normalize, long seed) {
        DatasetInfo info = find(id).orElseThrow(() -> new DatasetUnavailableException("Unknown dataset " + id, null));
        LoadedDataset dataset = load(id);
        NDManager owned = dataset.trainFeatures().getManager().newSubManager();
        try {
            TrainingData data = switch (validation.kind()) {
                case TEST -> new TrainingData(dataset.trainFeatures(), dataset.trainLabels(), dataset.testFeatures(), dataset.testLabels(),
                        info.classes(), null);
                case NONE -> new TrainingData(dataset.trainFeatures(), dataset.trainLabels(), null, null, info.classes(), null);
                case FRACTION -> carve(dataset, validation.fraction(), seed, info.classes(), owned);
            };
            return new PreparedData(Normalizer.apply(data, normalize, owned), owned);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    /** Per-feature mean and standard deviation of the training split, for descriptions. */
    public double[][] featureStatistics(String id) {
        try (NDManager scope = load(id).trainFeatures().getManager().newSubManager()) {
            NDArray x = load(id).trainFeatures();
            NDArray mean = x.mean(new int[] {0});
            mean.attach(scope);
            NDArray centered = x.sub(mean);
            centered.attach(scope);
            NDArray std = centered.square().mean(new int[] {0}).sqrt();
            return new double[][] {toDoubles(mean.toFloatArray()), toDoubles(std.toFloatArray())};
        }
    }

    /** Forgets a deleted dataset's tensors. */
    public synchronized void evict(String id) {
        loaded.remove(id);
        NDManager scope = scopes.remove(id);
        if (scope != null) {
            scope.close();
        }
    }

    private Optional<DatasetSource> source(String id) {
        DatasetSource source = builtIn.get(id);
        return source != null ? Optional.of(source) : stored.findById(id).map(this::source);
    }

    @SuppressWarnings("unchecked")
    private DatasetSource source(DatasetRecord r) {
        List<String> classNames = json.readValue(r.getClassNamesJson(), List.class);
        List<String> featureNames = json.readValue(r.getFeatureNamesJson(), List.class);
        DatasetInfo info = new DatasetInfo(r.getId(), r.getName(), r.getSource().startsWith("upload")
                ? "Uploaded table, label column \"" + r.getLabelColumn() + "\"" : "Generated: " + r.getSource().substring("generator:".length()),
                r.getTrainRows(), r.getTestRows(), List.of(featureNames.size()), classNames, r.getSource());
        return new StoredDatasetSource(info, Path.of(r.getDataPath()));
    }

    private static TrainingData carve(LoadedDataset dataset, double fraction, long seed, int classes, NDManager owned) {
        int n = Math.toIntExact(dataset.trainFeatures().getShape().get(0));
        int validationSize = Math.max(1, Math.min(n - 1, (int) Math.round(n * fraction)));
        List<Long> order = new ArrayList<>(n);
        for (long i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        long[] validationRows = order.subList(0, validationSize).stream().mapToLong(Long::longValue).toArray();
        long[] trainRows = order.subList(validationSize, n).stream().mapToLong(Long::longValue).sorted().toArray();
        NDArray validationIndex = owned.create(validationRows);
        NDArray trainIndex = owned.create(trainRows);
        return new TrainingData(rows(dataset.trainFeatures(), trainIndex, owned), rows(dataset.trainLabels(), trainIndex, owned),
                rows(dataset.trainFeatures(), validationIndex, owned), rows(dataset.trainLabels(), validationIndex, owned), classes, null);
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
        DatasetSource source = source(id).orElseThrow(() -> new DatasetUnavailableException("Unknown dataset " + id, null));
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
            // Clients read the message (a 409, a job's error); the reader's exception names files, so it stays in the log.
            log.warn("Dataset {} could not be read", id, e);
            throw new DatasetUnavailableException("Dataset " + id + " could not be read on this node: its files are unreadable or damaged "
                    + "(the server log has the details). Upload or generate it again, or reinstall it if it is built in.", e);
        }
        loaded.put(id, dataset);
        scopes.put(id, scope);
        return dataset;
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.close();
            cache = null;
            loaded.clear();
            scopes.clear();
        }
    }
}
