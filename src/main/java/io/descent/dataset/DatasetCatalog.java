package io.descent.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.system.Lease;
import io.descent.system.LeasedCache;
import io.descent.training.TrainingData;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * described in the database). Each is loaded into native memory on first use and kept while it
 * fits in {@code descent.datasets.cache-size}, so the next job on a dataset starts without reading
 * files. Users hold a lease on the tensors ({@link PreparedData}): the cache letting a dataset go
 * (or its deletion) frees its memory only once the last user is done.
 */
@Component
public class DatasetCatalog implements MeterBinder, AutoCloseable {

    /** A dataset's tensors and the manager that owns them. */
    private record Resident(LoadedDataset data, NDManager scope) {}

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final Map<String, DatasetSource> builtIn = new LinkedHashMap<>();
    private final DatasetRecordRepository stored;
    private final JsonMapper json;
    /** Weighed in KiB: a weight is an int, and one dataset may pass 2 GB. */
    private final LeasedCache<String, Resident> loaded;

    public DatasetCatalog(DatasetProperties properties, DatasetRecordRepository stored, JsonMapper json) {
        for (DatasetSource source : List.of(FashionMnistSource.full(properties.fashionMnistDir()), FashionMnistSource.shippedSubset(),
                new SyntheticLinearSource())) {
            builtIn.put(source.info().id(), source);
        }
        this.stored = stored;
        this.json = json;
        this.loaded = new LeasedCache<>("datasets", properties.cacheSize().toKilobytes(), DatasetCatalog::kibibytes,
                resident -> resident.scope().close());
    }

    public List<DatasetInfo> all() {
        return Stream.concat(builtIn.values().stream(), stored.findAllByOrderByCreatedAt().stream().filter(DatasetCatalog::visible).map(this::source))
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
        stored.findAllByOrderByCreatedAt().stream().filter(DatasetCatalog::visible).forEach(r -> ids.add(r.getId()));
        return String.join(", ", ids);
    }

    /**
     * The tensors one job trains and validates on, leased until the result is closed.
     *
     * @param seed shuffles the training split before a validation fraction is carved off
     * @param normalize "none", "standard" or "minmax": fitted on the training split only
     * @throws DatasetUnavailableException when the files cannot be read
     */
    public PreparedData prepare(String id, ValidationSplit validation, String normalize, long seed) {
        DatasetInfo info = find(id).orElseThrow(() -> new DatasetUnavailableException("Unknown dataset " + id, null));
        Lease<Resident> lease = load(id);
        NDManager owned = null;
        try {
            LoadedDataset dataset = lease.get().data();
            owned = lease.get().scope().newSubManager();
            TrainingData data = switch (validation.kind()) {
                case TEST -> new TrainingData(dataset.trainFeatures(), dataset.trainLabels(), dataset.testFeatures(), dataset.testLabels(),
                        info.classes(), null);
                case NONE -> new TrainingData(dataset.trainFeatures(), dataset.trainLabels(), null, null, info.classes(), null);
                case FRACTION -> carve(dataset, validation.fraction(), seed, info.classes(), owned);
            };
            return new PreparedData(Normalizer.apply(data, normalize, owned), owned, lease);
        } catch (RuntimeException e) {
            if (owned != null) {
                owned.close();
            }
            lease.close();
            throw e;
        }
    }

    /** Per-feature mean and standard deviation of the training split, for descriptions. */
    public double[][] featureStatistics(String id) {
        try (Lease<Resident> lease = load(id); NDManager scope = lease.get().scope().newSubManager()) {
            NDArray x = lease.get().data().trainFeatures();
            NDArray mean = x.mean(new int[] {0});
            mean.attach(scope);
            NDArray centered = x.sub(mean);
            centered.attach(scope);
            NDArray std = centered.square().mean(new int[] {0}).sqrt();
            return new double[][] {toDoubles(mean.toFloatArray()), toDoubles(std.toFloatArray())};
        }
    }

    /** Whether a job, evaluation or ensemble on this node is reading the dataset now. */
    public boolean leased(String id) {
        return loaded.leased(id);
    }

    /**
     * Forgets a deleted dataset's tensors: at once when nobody reads them, else when the last
     * reader is done; then runs {@code afterFreed} (on that reader's thread).
     */
    public void evict(String id, Runnable afterFreed) {
        loaded.invalidate(id);
        loaded.whenFreed(id, afterFreed);
    }

    private Optional<DatasetSource> source(String id) {
        DatasetSource source = builtIn.get(id);
        return source != null ? Optional.of(source) : stored.findById(id).filter(DatasetCatalog::visible).map(this::source);
    }

    /** Built-in datasets are everyone's; a stored one is its key's (and admins'): to others it does not exist. */
    private static boolean visible(DatasetRecord r) {
        return io.descent.access.Callers.current().sees(r.getOwner());
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

    private Lease<Resident> load(String id) {
        return loaded.lease(id, cached -> true, this::read);
    }

    /** Runs under the cache's lock for {@code id}: a delete's eviction waits for it, and a later read sees the delete. */
    private Resident read(String id) {
        DatasetSource source = source(id).orElseThrow(() -> new DatasetUnavailableException("Unknown dataset " + id, null));
        if (!source.available()) {
            throw new DatasetUnavailableException("Dataset " + id + " is not available on this node: " + source.howToInstall() + ".", null);
        }
        NDManager scope = NDManager.newBaseManager();
        try {
            return new Resident(source.load(scope), scope);
        } catch (IOException | RuntimeException e) {
            scope.close();
            // Clients read the message (a 409, a job's error); the reader's exception names files, so it stays in the log.
            log.warn("Dataset {} could not be read", id, e);
            throw new DatasetUnavailableException("Dataset " + id + " could not be read on this node: its files are unreadable or damaged "
                    + "(the server log has the details). Upload or generate it again, or reinstall it if it is built in.", e);
        }
    }

    private static int kibibytes(Resident resident) {
        LoadedDataset d = resident.data();
        long bytes = 0;
        for (NDArray array : new NDArray[] {d.trainFeatures(), d.trainLabels(), d.testFeatures(), d.testLabels()}) {
            if (array != null) {
                bytes += array.size() * array.getDataType().getNumOfBytes();
            }
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / 1024));
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Gauges {@code descent.leases.held} and {@code descent.leases.loaded} and the cache's statistics, tagged {@code cache=datasets}. */
    @Override
    public void bindTo(MeterRegistry registry) {
        loaded.bindTo(registry);
    }

    /** Frees what nobody reads; what is being read is freed when its reader is done. */
    @Override
    public void close() {
        loaded.close();
    }
}
