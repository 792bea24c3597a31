package io.descent.job.spec;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetInfo;
import io.descent.dataset.ValidationSplit;
import io.descent.system.UserText;
import io.descent.training.DeviceChoice;
import io.descent.training.TrainingSpec;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violation;
import io.descent.training.catalog.Violations;
import io.descent.training.loss.LossDefinition;
import io.descent.training.loss.Losses;
import io.descent.training.loss.TargetKind;
import io.descent.training.nn.ActivationDefinition;
import io.descent.training.nn.Activations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.Optimizers;
import io.descent.training.Monitor;
import io.descent.training.catalog.Catalog;
import io.descent.training.catalog.ComponentDefinition;
import io.descent.training.nn.InitDefinition;
import io.descent.training.nn.Initializations;
import io.descent.training.averaging.AveragingDefinition;
import io.descent.training.averaging.WeightAveragings;
import io.descent.training.regularization.EarlyStopping;
import io.descent.training.regularization.Regularization;
import io.descent.training.regularization.Regularizations;
import io.descent.training.schedule.ScheduleChoice;
import io.descent.training.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The single place where a {@link JobSpec} is checked and normalised: every violation is
 * collected (with a JSON pointer and an actionable sentence) before anything is rejected, and an
 * accepted spec comes back with every default filled in. The worker runs stored specs through the
 * same code, so what was accepted is exactly what trains.
 */
@Component
public class JobSpecResolver {

    static final int DEFAULT_EPOCHS = 10;
    static final int DEFAULT_BATCH_SIZE = 32;
    static final int MAX_NAME_LENGTH = 200;

    private final DatasetCatalog datasets;
    private final SpecLimits limits;

    public JobSpecResolver(DatasetCatalog datasets, SpecLimits limits) {
        this.datasets = datasets;
        this.limits = limits;
    }

    /** @throws InvalidSpecException listing every problem when the spec is not acceptable */
    public AcceptedSpec resolve(JobSpec spec) {
        return resolve(spec, true);
    }

    /**
     * Resolves a spec that was accepted earlier (a stored job's), to use its trained model: the
     * dataset need not exist any more, since a model no longer needs its training data.
     */
    public AcceptedSpec resolveStored(JobSpec spec) {
        return resolve(spec, false);
    }

    private AcceptedSpec resolve(JobSpec spec, boolean checkDataset) {
        Violations violations = new Violations();
        if (spec == null) {
            violations.add("", "Send the job spec as a JSON object; see /openapi.yaml for its fields.");
            throw new InvalidSpecException(violations.asList());
        }
        String name = spec.name();
        if (name != null) {
            UserText.problem("name", name, MAX_NAME_LENGTH).ifPresent(problem -> violations.add("/name", problem));
        }
        Optional<DatasetInfo> dataset = checkDataset ? dataset(spec.dataset(), violations) : Optional.empty();
        ValidationSplit validation = validation(spec.dataset(), dataset, violations);
        String normalize = normalize(spec.dataset(), violations);
        List<LayerSpec> layers = layers(spec.model(), violations);
        Optional<Configured<InitDefinition>> init =
                named(Initializations.CATALOG, spec.model() == null ? null : spec.model().init(), "default", "/model/init", violations);
        Optional<Configured<LossDefinition>> loss = loss(spec.loss(), dataset, violations);
        Optional<Configured<OptimizerDefinition>> optimizer =
                Optimizers.CATALOG.resolve(orDefault(spec.optimizer(), "sgd"), "/optimizer", violations);
        Optional<ScheduleChoice> schedule = Schedules.resolve(orDefault(spec.schedule(), "constant"), "/schedule", violations);
        Optional<Regularization> regularization = Regularizations.resolve(spec.regularization(), "/regularization", violations);
        monitors(schedule, regularization, validation, dataset, violations);
        int epochs = epochs(spec.epochs(), violations);
        schedule.ifPresent(s -> milestones(s, epochs, violations));
        Integer batchSize = batchSize(spec.batchSize(), violations);
        long seed = seed(spec.seed(), violations);
        DeviceChoice device = DeviceChoice.parse(spec.device());
        if (device == null) {
            violations.add("/device", "\"device\" must be \"auto\", \"cpu\", \"gpu\" or \"gpu:N\".");
        }
        RunLimits runLimits = RunLimits.resolve(spec.maxRestarts(), spec.maxRuntime(), violations);
        CheckpointRetention retention = CheckpointRetention.resolve(spec.checkpoints(), epochs, violations);
        Optional<Configured<AveragingDefinition>> averaging = weightAveraging(spec.weightAveraging(), epochs, regularization, violations);
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(violations.asList());
        }
        String datasetId = dataset.map(DatasetInfo::id).orElse(spec.dataset() == null ? null : spec.dataset().id());
        TrainingSpec training = new TrainingSpec(layers, init.orElseThrow(), loss.orElseThrow(), optimizer.orElseThrow(),
                schedule.orElseThrow(), regularization.orElseThrow(), epochs, batchSize, seed, device, averaging.orElse(null));
        JobSpec canonical = new JobSpec(
                name != null ? name : datasetId + "-" + optimizer.get().definition().type(),
                new DatasetSelection(datasetId, validation.toJson(), normalize),
                new ModelSpec(layers.stream().map(JobSpecResolver::canonical).toList(), nameOrObject(init.get())),
                loss.get().toJson(), optimizer.get().toJson(), schedule.get().toJson(), regularization.get().toJson(),
                epochs, batchSize == null ? "full" : batchSize, seed, device.toString(), runLimits.maxRestarts(),
                runLimits.maxRuntime() == null ? null : runLimits.maxRuntime().toString(), averaging.map(Configured::toJson).orElse(null),
                retention.toJson());
        Optional<MemoryEstimate> estimate = dataset.map(d -> MemoryEstimate.of(training, d, validation, normalize));
        estimate.ifPresent(this::admit);
        return new AcceptedSpec(canonical, training, datasetId, validation, normalize, runLimits,
                estimate.map(MemoryEstimate::total).orElse(0L));
    }

    /** Admission control: a job whose estimated memory exceeds {@code descent.limits.max-job-memory} is refused (422). */
    private void admit(MemoryEstimate estimate) {
        long limit = limits.maxJobMemory().toBytes();
        if (estimate.total() > limit) {
            throw InvalidSpecException.tooLarge(new Violation(estimate.pointer(), estimate.explain(limit)));
        }
    }

    /**
     * Milestones are bounded like every list (catalog); per epoch there can be no more of them than
     * epochs, and none past the longest run a job may have.
     */
    private void milestones(ScheduleChoice schedule, int epochs, Violations violations) {
        Params params = schedule.schedule().params();
        if (!params.has("milestones") || !"epoch".equals(params.choice("interval"))) {
            return;
        }
        int[] milestones = params.integers("milestones");
        if (milestones.length > epochs) {
            violations.add("/schedule/milestones", "A per-epoch schedule can have at most one milestone per epoch (" + epochs
                    + "); got " + milestones.length + ".");
        } else if (milestones[milestones.length - 1] > limits.maxEpochs()) {
            violations.add("/schedule/milestones", "Per-epoch milestones count epochs and must be at most " + limits.maxEpochs()
                    + " (descent.limits.max-epochs); got " + milestones[milestones.length - 1] + ".");
        }
    }

    private Optional<DatasetInfo> dataset(DatasetSelection selection, Violations violations) {
        if (selection == null) {
            violations.add("/dataset", "Name a dataset, e.g. {\"id\": \"fashion-mnist-small\"}; known ids: " + datasets.knownIds() + ".");
            return Optional.empty();
        }
        if (selection.id() == null || selection.id().isBlank()) {
            violations.add("/dataset/id", "Set \"id\" to one of: " + datasets.knownIds() + ".");
            return Optional.empty();
        }
        Optional<DatasetInfo> info = datasets.find(selection.id());
        if (info.isEmpty()) {
            violations.add("/dataset/id", "Unknown dataset \"" + selection.id() + "\"; known ids: " + datasets.knownIds() + ".");
        } else if (!datasets.available(selection.id())) {
            violations.add("/dataset/id", "Dataset \"" + selection.id() + "\" is not available on this server: "
                    + datasets.howToInstall(selection.id()) + ".");
            return Optional.empty();
        }
        return info;
    }

    /** Default: the dataset's test split, or a seeded 20 % of the training split when it has none. */
    private static ValidationSplit validation(DatasetSelection selection, Optional<DatasetInfo> dataset, Violations violations) {
        Object value = selection == null ? null : selection.validation();
        boolean hasTest = dataset.map(d -> d.testSamples() > 0).orElse(true);
        if (value == null) {
            return hasTest ? ValidationSplit.TEST : carvable(ValidationSplit.fraction(0.2), dataset, violations);
        }
        if ("test".equals(value)) {
            if (!hasTest) {
                violations.add("/dataset/validation", "Dataset \"" + dataset.get().id() + "\" has no test split; use \"none\" or a fraction such as 0.2.");
            }
            return ValidationSplit.TEST;
        }
        if ("none".equals(value)) {
            return ValidationSplit.NONE;
        }
        if (value instanceof Number n && n.doubleValue() > 0 && n.doubleValue() < 1) {
            return carvable(ValidationSplit.fraction(n.doubleValue()), dataset, violations);
        }
        violations.add("/dataset/validation", "\"validation\" must be \"test\", \"none\" or a fraction of the training split in (0, 1), e.g. 0.1.");
        return ValidationSplit.TEST;
    }

    /** A fraction leaves at least one row on each side, so a one-row training split cannot have one. */
    private static ValidationSplit carvable(ValidationSplit split, Optional<DatasetInfo> dataset, Violations violations) {
        if (dataset.isPresent() && dataset.get().trainSamples() < 2) {
            violations.add("/dataset/validation", "Dataset \"" + dataset.get().id() + "\" has " + dataset.get().trainSamples()
                    + " training row; a validation fraction needs at least 2 (one to train on, one to validate). Use \"none\".");
        }
        return split;
    }

    private static String normalize(DatasetSelection selection, Violations violations) {
        String value = selection == null || selection.normalize() == null ? "none" : selection.normalize();
        if (!List.of("none", "standard", "minmax").contains(value)) {
            violations.add("/dataset/normalize", "\"normalize\" must be \"none\", \"standard\" (zero mean, unit variance) or \"minmax\" (0 to 1).");
            return "none";
        }
        return value;
    }

    private List<LayerSpec> layers(ModelSpec model, Violations violations) {
        List<LayerSpec> layers = new ArrayList<>();
        if (model == null || model.layers() == null) {
            return layers;
        }
        if (model.layers().size() > limits.maxLayers()) {
            violations.add("/model/layers", "At most " + limits.maxLayers() + " hidden layers are allowed (descent.limits.max-layers); got "
                    + model.layers().size() + ".");
            return layers;
        }
        for (int i = 0; i < model.layers().size(); i++) {
            layer(model.layers().get(i), "/model/layers/" + i, violations).ifPresent(layers::add);
        }
        return layers;
    }

    private Optional<LayerSpec> layer(LayerRequest layer, String pointer, Violations violations) {
        if (layer == null) {
            violations.add(pointer, "A layer must be an object such as {\"type\": \"dense\", \"units\": 128}.");
            return Optional.empty();
        }
        boolean ok = true;
        if (layer.type() != null && !layer.type().equals("dense")) {
            violations.add(pointer + "/type", "Unknown layer type \"" + layer.type() + "\"; known types: dense.");
            ok = false;
        }
        if (layer.units() == null || layer.units() < 1 || layer.units() > limits.maxUnits()) {
            violations.add(pointer + "/units", "\"units\" must be an integer from 1 to " + limits.maxUnits()
                    + " (descent.limits.max-units)" + (layer.units() == null ? "" : "; got " + layer.units()) + ".");
            ok = false;
        }
        double dropout = layer.dropout() == null ? 0 : layer.dropout();
        if (!(dropout >= 0 && dropout < 1)) {
            violations.add(pointer + "/dropout", "\"dropout\" is the probability of zeroing a unit and must be in [0, 1); got " + layer.dropout() + ".");
            ok = false;
        }
        if (layer.maxNorm() != null && !(layer.maxNorm() > 0 && Float.isFinite(layer.maxNorm().floatValue()))) {
            violations.add(pointer + "/maxNorm", "\"maxNorm\" is the largest L2 norm of a unit's incoming weights and must be > 0 "
                    + "and finite in float32 (at most " + Float.MAX_VALUE + "); got "
                    + layer.maxNorm() + ".");
            ok = false;
        }
        Optional<Configured<ActivationDefinition>> activation =
                named(Activations.CATALOG, layer.activation(), "relu", pointer + "/activation", violations);
        if (!ok || activation.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LayerSpec(layer.units(), activation.get(), dropout, layer.maxNorm()));
    }

    /** A component given as a bare name ("relu") or as an object with parameters ({"type": "elu", "alpha": 0.5}). */
    @SuppressWarnings("unchecked")
    private static <D extends ComponentDefinition> Optional<Configured<D>> named(Catalog<D> catalog, Object value, String fallback,
            String pointer, Violations violations) {
        if (value == null) {
            return catalog.resolve(Map.of("type", fallback), pointer, violations);
        }
        if (value instanceof String name) {
            Optional<D> definition = catalog.find(name);
            if (definition.isEmpty()) {
                violations.add(pointer, "Unknown " + pointer.substring(pointer.lastIndexOf('/') + 1) + " \"" + name + "\"; known: "
                        + catalog.knownTypes() + ".");
                return Optional.empty();
            }
            return catalog.resolve(definition.get(), Map.of(), pointer, violations);
        }
        if (value instanceof Map<?, ?> map) {
            return catalog.resolve((Map<String, Object>) map, pointer, violations);
        }
        violations.add(pointer, "Must be a name such as \"" + fallback + "\" or an object with a \"type\"; known: " + catalog.knownTypes() + ".");
        return Optional.empty();
    }

    /**
     * Omitted means none (empty). SWA must start within the run; restoring the best epoch's raw
     * parameters does not fit a job whose metrics and model come from the average.
     */
    private static Optional<Configured<AveragingDefinition>> weightAveraging(Map<String, Object> json, int epochs,
            Optional<Regularization> regularization, Violations violations) {
        if (json == null) {
            return Optional.empty();
        }
        Optional<Configured<AveragingDefinition>> averaging = WeightAveragings.CATALOG.resolve(json, "/weightAveraging", violations);
        averaging.filter(a -> a.params().has("startEpoch") && a.params().integer("startEpoch") > epochs).ifPresent(a -> violations.add(
                "/weightAveraging/startEpoch", "\"startEpoch\" must be at most the job's epochs (" + epochs + "); got "
                        + a.params().integer("startEpoch") + ". Start averaging earlier or train longer."));
        if (averaging.isPresent() && regularization.map(Regularization::earlyStopping).filter(EarlyStopping::restoreBest).isPresent()) {
            violations.add("/regularization/earlyStopping/restoreBest", "\"restoreBest\" restores raw parameters, but a job with "
                    + "\"weightAveraging\" is validated and used with its averaged ones; set \"restoreBest\" to false or drop \"weightAveraging\".");
        }
        return averaging;
    }

    /** Plateau schedules and early stopping watch a metric the job must measure. */
    private static void monitors(Optional<ScheduleChoice> schedule, Optional<Regularization> regularization, ValidationSplit validation,
            Optional<DatasetInfo> dataset, Violations violations) {
        schedule.filter(s -> s.schedule().params().asMap().containsKey("monitor"))
                .ifPresent(s -> monitor(Monitor.of(s.schedule().params()), "/schedule/monitor", validation, dataset, violations));
        regularization.map(Regularization::earlyStopping)
                .ifPresent(e -> monitor(e.monitor(), "/regularization/earlyStopping/monitor", validation, dataset, violations));
    }

    private static void monitor(Monitor monitor, String pointer, ValidationSplit validation, Optional<DatasetInfo> dataset, Violations violations) {
        if (monitor.needsValidation() && validation.kind() == ValidationSplit.Kind.NONE) {
            violations.add(pointer, "The job has no validation split (\"validation\": \"none\"); monitor a train_ metric or set a validation split.");
        }
        if (monitor.isAccuracy() && dataset.map(d -> d.classes() == 0).orElse(false)) {
            violations.add(pointer, "Accuracy is not measured on a regression dataset; monitor a loss.");
        }
    }

    private static Optional<Configured<LossDefinition>> loss(Map<String, Object> json, Optional<DatasetInfo> dataset, Violations violations) {
        TargetKind target = dataset.map(d -> d.classes() > 0 ? TargetKind.CLASSES : TargetKind.REAL).orElse(null);
        Map<String, Object> effective = json != null ? json : Map.of("type", target == TargetKind.REAL ? "mse" : "cross_entropy");
        Optional<Configured<LossDefinition>> loss = Losses.CATALOG.resolve(effective, "/loss", violations);
        if (loss.isPresent() && target != null && !loss.get().definition().targets().contains(target)) {
            String fitting = Losses.CATALOG.all().stream().filter(d -> d.targets().contains(target)).map(LossDefinition::type)
                    .reduce((a, b) -> a + ", " + b).orElse("none");
            violations.add("/loss/type", "Loss \"" + loss.get().definition().type() + "\" does not fit dataset \"" + dataset.get().id()
                    + "\", whose target is " + (target == TargetKind.CLASSES ? "a class label" : "a real value") + "; use one of: " + fitting + ".");
            return Optional.empty();
        }
        return loss;
    }

    private int epochs(Integer epochs, Violations violations) {
        if (epochs == null) {
            return DEFAULT_EPOCHS;
        }
        if (epochs < 1 || epochs > limits.maxEpochs()) {
            violations.add("/epochs", "\"epochs\" must be from 1 to " + limits.maxEpochs() + " (descent.limits.max-epochs); got " + epochs + ".");
        }
        return epochs;
    }

    /** @return the batch size, or null for the whole training split */
    private Integer batchSize(Object value, Violations violations) {
        if (value == null) {
            return DEFAULT_BATCH_SIZE;
        }
        if ("full".equals(value)) {
            return null;
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1
                && ((Number) value).longValue() <= limits.maxBatchSize()) {
            return ((Number) value).intValue();
        }
        violations.add("/batchSize", "\"batchSize\" must be an integer from 1 (stochastic GD) to " + limits.maxBatchSize()
                + " (descent.limits.max-batch-size), or \"full\" for batch GD; got " + value + ".");
        return DEFAULT_BATCH_SIZE;
    }

    private static long seed(Long seed, Violations violations) {
        if (seed == null) {
            return ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
        }
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            violations.add("/seed", "\"seed\" must be an integer from 0 to " + Integer.MAX_VALUE + "; got " + seed + ".");
        }
        return seed;
    }

    private static Map<String, Object> orDefault(Map<String, Object> json, String type) {
        return json != null ? json : Map.of("type", type);
    }

    private static LayerRequest canonical(LayerSpec layer) {
        return new LayerRequest("dense", layer.units(), nameOrObject(layer.activation()), layer.dropout(), layer.maxNorm());
    }

    /** Components without parameters are echoed as their name, the others as objects with every parameter. */
    private static Object nameOrObject(Configured<?> component) {
        return component.definition().params().isEmpty() ? component.definition().type() : component.toJson();
    }
}
