package io.descent.dataset;

import io.descent.access.Caller;
import io.descent.access.Callers;
import io.descent.access.Quotas;
import io.descent.dataset.generate.GeneratedData;
import io.descent.dataset.generate.GeneratorDefinition;
import io.descent.dataset.generate.Generators;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.system.MemorySize;
import io.descent.system.UserText;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Violations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import io.descent.system.AfterTransaction;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads, generates, describes and deletes datasets. A dataset's id comes from a hash of its
 * content and options, so the same upload (or the same generator call) twice is the same dataset.
 */
@Service
public class DatasetService {

    /** Longest dataset name; the column's width. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Longest column name of an uploaded table (and so of its {@code label} parameter), and longest class label. */
    public static final int MAX_COLUMN_NAME_LENGTH = 200;
    private static final int MAX_CLASS_NAMES_JSON = 100_000;
    private static final int MAX_FEATURE_NAMES_JSON = 1_000_000;

    /** @param created false when an identical dataset already existed */
    public record Saved(DatasetInfo info, boolean created) {}

    private final DatasetProperties properties;
    private final DatasetRecordRepository records;
    private final DatasetCatalog catalog;
    private final DatasetUsage usage;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Quotas quotas;

    DatasetService(DatasetProperties properties, DatasetRecordRepository records, DatasetCatalog catalog, DatasetUsage usage,
            JsonMapper json, Clock clock, TransactionTemplate transactions, Quotas quotas) {
        this.quotas = quotas;
        this.properties = properties;
        this.records = records;
        this.catalog = catalog;
        this.usage = usage;
        this.json = json;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Imports a CSV table, streaming: limits are enforced as bytes arrive, and a rejected table
     * leaves nothing behind.
     *
     * @param label the label column, null for the last one
     * @param task "classification", "regression", or null to infer
     */
    public Saved upload(InputStream body, String filename, String label, String task, String name) {
        MessageDigest digest = sha256();
        Caller caller = Callers.current();
        // Each key gets its own copy of a table (the id hashes the owner too): one key's delete never removes another's data.
        digest.update(((caller.owner() == null ? "" : "owner=" + caller.owner() + ";") + "label=" + label + ";task=" + task + ";")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path directory = properties.dir();
        Path temporary = directory.resolve("upload-" + java.util.UUID.randomUUID() + ".dsd");
        try {
            LimitedInputStream limited = new LimitedInputStream(body, properties.maxUploadSize().toBytes());
            CsvImporter.Result result = new CsvImporter(properties.maxRows(), properties.maxFeatures(), properties.maxMemory().toBytes())
                    .importTo(new DigestInputStream(limited, digest), label, task, directory, temporary);
            String classNames = json.writeValueAsString(result.classNames());
            String featureNames = json.writeValueAsString(result.featureNames());
            fitsColumns(classNames, featureNames, label);
            String hash = HexFormat.of().formatHex(digest.digest());
            String id = "csv-" + hash.substring(0, 16);
            Optional<DatasetRecord> existing = records.findById(id);
            if (existing.isPresent()) {
                Files.deleteIfExists(temporary);
                return new Saved(catalog.find(id).orElseThrow(), false);
            }
            checkStorage(caller, Files.size(temporary));
            // The id is a hash of the content: a file left by an earlier record is the same table.
            Path file = Files.move(temporary, directory.resolve(id + ".dsd"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String labelName = label != null ? label : "(last column)";
            String source = "upload:" + (filename == null ? "body" : filename);
            records.save(new DatasetRecord(id, shorten(name != null ? name : filename != null ? filename : id, 200), shorten(source, 300),
                    result.classNames().isEmpty() ? "regression" : "classification", labelName, classNames,
                    featureNames, json.writeValueAsString(Map.of("mean", result.means(), "std", result.stds())),
                    result.rows(), 0, hash, file.toString(), Files.size(file), clock.instant()).ownedBy(caller.owner()));
            return new Saved(catalog.find(id).orElseThrow(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the upload under " + directory, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a stray temporary file costs disk space only
            }
        }
    }

    /** Makes a synthetic dataset from {@code {"generator": ..., "seed": ..., params...}}. */
    public Saved generate(Map<String, Object> request) {
        Violations violations = new Violations();
        Map<String, Object> params = new LinkedHashMap<>(request == null ? Map.of() : request);
        Object type = params.remove("generator");
        Object seed = params.remove("seed");
        Object name = params.remove("name");
        if (!(seed instanceof Integer || seed instanceof Long || seed == null)) {
            violations.add("/seed", "\"seed\" must be an integer.");
        }
        if (name != null && !(name instanceof String)) {
            violations.add("/name", "\"name\" must be a string of 1 to " + MAX_NAME_LENGTH + " characters.");
        } else if (name != null) {
            UserText.problem("name", (String) name, MAX_NAME_LENGTH).ifPresent(problem -> violations.add("/name", problem));
        }
        params.put("type", type);
        Optional<Configured<GeneratorDefinition>> generator = Generators.CATALOG.resolve(params, "", violations);
        if (!violations.isEmpty() || generator.isEmpty()) {
            throw new InvalidRequestException("Invalid dataset request",
                    violations.map((pointer, message) -> new BodyProblem(pointer.equals("/type") ? "/generator" : pointer, message)));
        }
        checkMemory(generator.get());
        long seedValue = seed == null ? 0 : ((Number) seed).longValue();
        Map<String, Object> canonical = new LinkedHashMap<>(generator.get().toJson());
        canonical.put("seed", seedValue);
        Caller caller = Callers.current();
        String owner = caller.owner() == null ? "" : "owner=" + caller.owner() + ";";
        String hash = HexFormat.of().formatHex(sha256().digest((owner + json.writeValueAsString(canonical)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String id = generator.get().definition().type() + "-" + hash.substring(0, 12);
        if (records.existsById(id) || catalog.isBuiltIn(id)) {
            return new Saved(catalog.find(id).orElseThrow(), false);
        }
        checkStorage(caller, DatasetInfo.tensorBytes((long) generator.get().params().integer("trainSamples")
                + generator.get().params().integer("testSamples"), generator.get().definition().features(generator.get().params()),
                generator.get().params().has("classes")));
        GeneratedData data = generator.get().definition().generate(generator.get().params(), new Random(seedValue));
        Path file = properties.dir().resolve(id + ".dsd");
        try (DatasetWriter writer = new DatasetWriter(properties.dir(), data.features())) {
            float[] row = new float[data.features()];
            int rows = data.trainRows() + data.testRows();
            double[] mean = new double[data.features()];
            double[] m2 = new double[data.features()];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(data.x(), i * data.features(), row, 0, data.features());
                if (i < data.trainRows()) {
                    for (int j = 0; j < row.length; j++) {
                        double delta = row[j] - mean[j];
                        mean[j] += delta / (i + 1);
                        m2[j] += delta * (row[j] - mean[j]);
                    }
                }
                if (data.classes() > 0) {
                    writer.add(row, (int) data.y()[i]);
                } else {
                    writer.add(row, data.y()[i]);
                }
            }
            writer.finish(file, data.features(), data.classes(), data.trainRows(), null);
            double[] std = new double[mean.length];
            for (int j = 0; j < std.length; j++) {
                std[j] = Math.sqrt(m2[j] / data.trainRows());
            }
            List<String> classNames = java.util.stream.IntStream.range(0, data.classes()).mapToObj(String::valueOf).toList();
            List<String> featureNames = java.util.stream.IntStream.range(0, data.features()).mapToObj(j -> "x" + j).toList();
            records.save(new DatasetRecord(id, name != null ? (String) name : id, "generator:" + json.writeValueAsString(canonical),
                    data.classes() > 0 ? "classification" : "regression", null, json.writeValueAsString(classNames),
                    json.writeValueAsString(featureNames), json.writeValueAsString(Map.of("mean", mean, "std", std)),
                    data.trainRows(), data.testRows(), hash, file.toString(), Files.size(file), clock.instant()).ownedBy(caller.owner()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the generated dataset under " + properties.dir(), e);
        }
        return new Saved(catalog.find(id).orElseThrow(), true);
    }

    /** Refuses (429) a dataset that would take the caller's stored bytes past its {@code maxDatasetBytes} quota. */
    private void checkStorage(Caller caller, long bytes) {
        if (caller.owner() != null) {
            Quotas.check("maxDatasetBytes", quotas.of(caller).maxDatasetBytes(), records.storedBytes(caller.owner()), bytes,
                    "bytes of stored datasets", "This one takes " + bytes + " bytes; delete datasets you no longer need"
                            + " (DELETE /api/v1/datasets/{id}).");
        }
    }

    /** The names are stored as JSON in columns of a fixed width (V4__datasets_and_models.sql). */
    private static void fitsColumns(String classNames, String featureNames, String label) {
        if (classNames.length() > MAX_CLASS_NAMES_JSON) {
            throw new CsvRejectedException(List.of(new CsvProblem(0, label, "The class labels take " + classNames.length()
                    + " characters together; at most " + MAX_CLASS_NAMES_JSON + " can be stored. Use shorter labels or fewer classes.")));
        }
        if (featureNames.length() > MAX_FEATURE_NAMES_JSON) {
            throw new CsvRejectedException(List.of(new CsvProblem(1, null, "The column names take " + featureNames.length()
                    + " characters together; at most " + MAX_FEATURE_NAMES_JSON + " can be stored. Use shorter names.")));
        }
    }

    /** Refuses (422) a generator call whose samples would not fit {@code descent.datasets.max-memory}, before generating any. */
    private void checkMemory(Configured<GeneratorDefinition> generator) {
        long rows = (long) generator.params().integer("trainSamples") + generator.params().integer("testSamples");
        int features = generator.definition().features(generator.params());
        // The classification generators are the ones that take "classes".
        long bytes = DatasetInfo.tensorBytes(rows, features, generator.params().has("classes"));
        long limit = properties.maxMemory().toBytes();
        if (bytes > limit) {
            throw new InvalidRequestException("Dataset too large", List.of(new io.descent.system.BodyProblem("/trainSamples",
                    "The dataset would take " + MemorySize.describe(bytes) + " in memory (" + rows + " rows × " + features
                            + " features × 4 bytes, plus labels); at most " + MemorySize.describe(limit)
                            + " is allowed (descent.datasets.max-memory). Ask for fewer rows (trainSamples, testSamples) or features.")),
                    true);
        }
    }

    /** Per-feature names, means and standard deviations of the training split. */
    @SuppressWarnings("unchecked")
    public List<FeatureStats> features(String id) {
        Optional<DatasetRecord> record = records.findById(id).filter(r -> Callers.current().sees(r.getOwner()));
        if (record.isPresent()) {
            List<String> names = json.readValue(record.get().getFeatureNamesJson(), List.class);
            Map<String, List<Number>> stats = json.readValue(record.get().getStatsJson(), Map.class);
            return java.util.stream.IntStream.range(0, names.size()).mapToObj(i -> new FeatureStats(names.get(i),
                    stats.get("mean").get(i).doubleValue(), stats.get("std").get(i).doubleValue())).toList();
        }
        double[][] stats = catalog.featureStatistics(id);
        return java.util.stream.IntStream.range(0, stats[0].length).mapToObj(i -> new FeatureStats("x" + i, stats[0][i], stats[1][i])).toList();
    }

    /** A feature of a dataset's training split. */
    public record FeatureStats(String name, double mean, double std) {}

    /**
     * Deletes the record, then (once that has committed) forgets the tensors and deletes the file,
     * when nothing on this node reads them any more. The check and the delete hold the row locked,
     * like a job submission on the dataset ({@link DatasetLocks}), so the two cannot interleave.
     *
     * @throws DatasetConflictException for built-in datasets, while a queued or running job uses
     *     it, and while anything on this node (an evaluation, an ensemble) holds a lease on it
     */
    public void delete(String id) {
        if (catalog.isBuiltIn(id)) {
            throw new DatasetConflictException("Dataset " + id + " is built in and cannot be deleted.");
        }
        transactions.executeWithoutResult(status -> {
            DatasetRecord record = records.lockById(id).filter(r -> Callers.current().sees(r.getOwner()))
                    .orElseThrow(() -> new DatasetNotFoundException(id));
            if (usage.inUse(id)) {
                throw new DatasetConflictException("Dataset " + id + " is used by a queued or running job; cancel it or wait for it to finish.");
            }
            if (catalog.leased(id)) {
                throw new DatasetConflictException("Dataset " + id + " is being read on this node (an evaluation or an ensemble); try again when it has finished.");
            }
            records.delete(record);
            Path file = Path.of(record.getDataPath());
            AfterTransaction.commit(() -> catalog.evict(id, () -> deleteFile(id, file)));
        });
    }

    private void deleteFile(String id, Path file) {
        if (records.existsById(id)) {
            return; // uploaded again meanwhile: the file is the new record's
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the record is gone; the file is unreachable either way
        }
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
