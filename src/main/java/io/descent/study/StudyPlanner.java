package io.descent.study;

import io.descent.job.spec.AcceptedSpec;
import io.descent.job.spec.InvalidSpecException;
import io.descent.job.spec.JobSpec;
import io.descent.job.spec.JobSpecResolver;
import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.ValidationSplit;
import io.descent.system.UserText;
import io.descent.training.Monitor;
import io.descent.training.catalog.Violation;
import io.descent.training.catalog.Violations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a study request, every problem at once with a JSON pointer, and makes its plan and the
 * specs of its trials. The base is checked exactly like {@code POST /api/v1/jobs} (its problems
 * point into {@code /base}); each distribution's extremes (and every choice) are applied to the
 * base and checked too, so a space that would produce invalid jobs (a dropout range reaching 1) is
 * refused before anything runs.
 */
@Component
public class StudyPlanner {

    static final int MAX_DIMENSIONS = 20;
    static final int MAX_CHOICES = 100;
    static final int MAX_STAGES = 10;
    /** Pointers a study may not vary: the trial's name is the study's, its epochs the stage's. */
    private static final Set<String> FIXED = Set.of("/name", "/epochs");

    private final JobSpecResolver resolver;
    private final DatasetCatalog datasets;
    private final JsonMapper json;
    private final StudyProperties properties;

    StudyPlanner(JobSpecResolver resolver, DatasetCatalog datasets, JsonMapper json, StudyProperties properties) {
        this.resolver = resolver;
        this.datasets = datasets;
        this.json = json;
        this.properties = properties;
    }

    /** @throws StudyInvalidException with every problem; nothing is stored then */
    public StudyPlan plan(StudyRequest request) {
        return plan(request, false);
    }

    /** The plan of a stored study: checked when it was submitted, so its space is not tried again. */
    StudyPlan stored(StudyRequest request) {
        return plan(request, true);
    }

    private StudyPlan plan(StudyRequest request, boolean stored) {
        Violations v = new Violations();
        AcceptedSpec base = null;
        boolean overLimit = false;
        if (request.base() == null) {
            v.add("/base", "A study needs \"base\": a complete job spec, as POST /api/v1/jobs takes, that every trial starts from.");
        } else {
            try {
                base = stored ? resolver.resolveStored(request.base()) : resolver.resolve(request.base());
            } catch (InvalidSpecException e) {
                overLimit = e.getStatusCode().value() == 422;
                e.violations().forEach(x -> v.add("/base" + x.pointer(), x.message()));
            }
        }
        String name = request.name();
        if (name != null) {
            UserText.problem("name", name, 200).ifPresent(p -> v.add("/name", p));
        }
        SearchSpace space = space(request.space(), v);
        Objective objective = objective(request.objective(), base, base == null || classification(base), v);
        boolean grid = strategy(request.strategy(), v);
        List<StudyPlan.Stage> stages = stages(request, base, grid, space, v);
        Pruner pruner = pruner(request.pruner(), v);
        int total = stages.stream().mapToInt(StudyPlan.Stage::trials).sum();
        int concurrent = integer(request.maxConcurrentTrials(), "/maxConcurrentTrials", 1, properties.maxConcurrentTrials(),
                Math.min(4, properties.maxConcurrentTrials()), v);
        int failed = integer(request.maxFailedTrials(), "/maxFailedTrials", 0, 100_000, Math.max(1, (total + 3) / 4), v);
        int repeat = repeat(request.repeat(), v);
        if (total + repeat > properties.maxTrials()) {
            v.add(request.stages() != null ? "/stages" : "/trials", "A study runs at most " + properties.maxTrials()
                    + " trials (descent.studies.max-trials); this one would run " + (total + repeat) + ".");
        }
        String preflight = request.preflight() == null ? "require" : request.preflight();
        if (!Set.of("require", "warn", "off").contains(preflight)) {
            v.add("/preflight", "\"preflight\" is \"require\" (default: a base that fails the sanity checks is refused), \"warn\" "
                    + "(start anyway, with the failures shown) or \"off\"; got \"" + preflight + "\".");
        }
        if (!stored && base != null && !space.dimensions().isEmpty() && v.isEmpty()) {
            checkExtremes(base, space, v);
        }
        if (!v.isEmpty()) {
            throw new StudyInvalidException(v.asList(), overLimit);
        }
        long seed = request.seed() != null ? request.seed() : base.training().seed();
        String studyName = name != null ? name : base.canonical().name() + "-study";
        return new StudyPlan(studyName, base.canonical(), space, objective, grid, stages, pruner, concurrent, failed, repeat, seed,
                preflight);
    }

    /** The request with every default filled in, as stored and shown. */
    public StudyRequest canonical(StudyRequest request, StudyPlan plan) {
        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("metric", plan.objective().metric().name().toLowerCase());
        objective.put("mode", plan.objective().maximize() ? "max" : "min");
        objective.put("epoch", plan.objective().bestEpoch() ? "best" : "last");
        // A grid has no stages to declare (the planner refuses them): it is stored with its size as "trials".
        Integer trials = plan.grid() ? plan.stages().get(0).trials() : null;
        List<Object> stages = plan.grid() ? null : new ArrayList<>();
        for (StudyPlan.Stage s : plan.grid() ? List.<StudyPlan.Stage>of() : plan.stages()) {
            stages.add(Map.of("trials", s.trials(), "epochs", s.epochs(), "keepTop", s.keepTop()));
        }
        Map<String, Object> space = new LinkedHashMap<>();
        plan.space().dimensions().forEach((p, d) -> space.put(p, Distributions.toJson(d)));
        return new StudyRequest(plan.name(), plan.base(), space, objective, plan.grid() ? "grid" : "random", trials, plan.seed(), stages,
                Distributions.toJson(plan.pruner()), plan.maxConcurrentTrials(), plan.maxFailedTrials(),
                plan.repeatSeeds() > 0 ? Map.of("seeds", plan.repeatSeeds()) : null, plan.preflight());
    }

    /**
     * The job spec of a trial: the base with each sampled value at its pointer, the stage's epochs
     * and, for a repeat, its own seed.
     */
    public JobSpec trialSpec(StudyPlan plan, int number, int stage, Map<String, Object> params, Long seed) {
        ObjectNode tree = json.valueToTree(plan.base());
        params.forEach((pointer, value) -> put(tree, pointer, json.valueToTree(value)));
        tree.put("name", trialName(plan.name(), number));
        tree.put("epochs", plan.stage(stage).epochs());
        if (seed != null) {
            tree.put("seed", seed);
        }
        return json.treeToValue(tree, JobSpec.class);
    }

    private static String trialName(String study, int number) {
        String suffix = " #" + number;
        return (study.length() + suffix.length() > 200 ? study.substring(0, 200 - suffix.length()) : study) + suffix;
    }

    private static void put(ObjectNode tree, String pointer, JsonNode value) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = tree.at(p.head());
        String last = p.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        }
    }

    private SearchSpace space(Map<String, Object> request, Violations v) {
        TreeMap<String, Distribution> dims = new TreeMap<>();
        if (request == null || request.isEmpty()) {
            v.add("/space", "A study needs \"space\": a map from a JSON pointer into the job spec (\"/optimizer/lr\") to a distribution, "
                    + "e.g. {\"/optimizer/lr\": {\"type\": \"loguniform\", \"low\": 1e-4, \"high\": 1}}.");
            return new SearchSpace(dims);
        }
        if (request.size() > MAX_DIMENSIONS) {
            v.add("/space", "At most " + MAX_DIMENSIONS + " parameters can be searched at once; got " + request.size() + ".");
            return new SearchSpace(dims);
        }
        request.forEach((pointer, value) -> {
            String at = "/space/" + escape(pointer);
            if (!validPointer(pointer)) {
                v.add(at, "\"" + pointer + "\" is not a JSON pointer into the job spec; write it like \"/optimizer/lr\" or \"/model/layers/0/dropout\".");
            } else if (FIXED.contains(pointer)) {
                v.add(at, pointer.equals("/epochs") ? "A trial's epochs come from its stage (\"stages\": [{\"epochs\": ...}]) or the base; they cannot be sampled."
                        : "A trial's name is the study's name and its number; it cannot be sampled.");
            } else {
                Distributions.parse(value, at, v).ifPresent(d -> dims.put(pointer, d));
            }
        });
        return new SearchSpace(dims);
    }

    private static boolean validPointer(String pointer) {
        if (pointer == null || !pointer.startsWith("/") || pointer.length() > 200 || pointer.endsWith("/")) {
            return false;
        }
        try {
            JsonPointer.compile(pointer);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String escape(String pointer) {
        return pointer.replace("~", "~0").replace("/", "~1");
    }

    /** Applies each extreme to the base and resolves it: a space that reaches an invalid job is refused here. */
    private void checkExtremes(AcceptedSpec base, SearchSpace space, Violations v) {
        ObjectNode tree = json.valueToTree(base.canonical());
        space.dimensions().forEach((pointer, d) -> {
            String at = "/space/" + escape(pointer);
            JsonNode current = tree.at(JsonPointer.compile(pointer));
            if (current.isMissingNode()) {
                JsonNode parent = tree.at(JsonPointer.compile(pointer).head());
                String fields = parent instanceof ObjectNode o ? " Fields there: " + String.join(", ", o.propertyNames()) + "." : "";
                v.add(at, "The base job spec (with its defaults filled in) has nothing at \"" + pointer + "\"." + fields);
                return;
            }
            Map<String, Object> extremes = new LinkedHashMap<>();
            if (d instanceof Distribution.Numeric n) {
                extremes.put("low", d instanceof Distribution.IntRange ? (Object) (long) n.low() : n.low());
                extremes.put("high", d instanceof Distribution.IntRange ? (Object) (long) n.high() : n.high());
                if (!(d instanceof Distribution.IntRange)) {
                    // A value between the ends, which is not a whole number: a real-valued range on an
                    // integer field (layer units, a step size) would fail every trial; say so here.
                    double inside = n.log() ? Math.sqrt(n.low() * n.high()) : (n.low() + n.high()) / 2;
                    if (inside == Math.rint(inside)) {
                        inside = Math.nextUp(inside);
                    }
                    extremes.put("", inside);
                }
            } else {
                List<Object> values = ((Distribution.Choice) d).values();
                for (int i = 0; i < values.size(); i++) {
                    extremes.put("values/" + i, values.get(i));
                }
            }
            extremes.forEach((where, value) -> {
                String problemAt = where.isEmpty() ? at : at + "/" + where;
                ObjectNode copy = tree.deepCopy();
                put(copy, pointer, json.valueToTree(value));
                try {
                    resolver.resolve(json.treeToValue(copy, JobSpec.class));
                } catch (InvalidSpecException e) {
                    for (Violation x : e.violations()) {
                        v.add(problemAt, "With " + pointer + " = " + json.writeValueAsString(value) + " the job spec is invalid at "
                                + x.pointer() + ": " + x.message() + (where.isEmpty() ? " (a value between the ends; for a whole-number field use {\"type\": \"int\"})" : ""));
                    }
                } catch (RuntimeException e) {
                    v.add(problemAt, "With " + pointer + " = " + json.writeValueAsString(value)
                            + " the job spec cannot be read: the value does not fit that field"
                            + (where.isEmpty() ? " (a value between the ends; for a whole-number field use {\"type\": \"int\"})." : "."));
                }
            });
        });
    }

    private static Objective objective(Map<String, Object> o, AcceptedSpec base, boolean classification, Violations v) {
        boolean validation = base == null || base.validation().kind() != ValidationSplit.Kind.NONE;
        Object metricValue = o == null ? null : o.get("metric");
        Monitor metric;
        if (metricValue == null) {
            metric = validation ? (classification ? Monitor.VALIDATION_ACCURACY : Monitor.VALIDATION_LOSS)
                    : (classification ? Monitor.TRAIN_ACCURACY : Monitor.TRAIN_LOSS);
        } else {
            try {
                metric = Monitor.valueOf(String.valueOf(metricValue).toUpperCase());
            } catch (IllegalArgumentException e) {
                v.add("/objective/metric", "\"metric\" is one of validation_accuracy, validation_loss, train_loss, train_accuracy; got "
                        + metricValue + ".");
                metric = Monitor.VALIDATION_ACCURACY;
            }
        }
        if (metric.needsValidation() && !validation) {
            v.add("/objective/metric", "The base has \"validation\": \"none\", so " + metric.name().toLowerCase()
                    + " is never measured; give the base a validation split (\"test\" or a fraction) or use a train_ metric.");
        }
        if (metric.isAccuracy() && !classification) {
            v.add("/objective/metric", "The base is a regression: it has no accuracy; use validation_loss or train_loss.");
        }
        boolean maximize = metric.isAccuracy();
        Object mode = o == null ? null : o.get("mode");
        if (mode != null) {
            if ("max".equals(mode) || "min".equals(mode)) {
                maximize = "max".equals(mode);
            } else {
                v.add("/objective/mode", "\"mode\" is \"max\" or \"min\"; got " + mode + ".");
            }
        }
        Object epoch = o == null ? null : o.get("epoch");
        boolean best = true;
        if (epoch != null) {
            if ("best".equals(epoch) || "last".equals(epoch)) {
                best = "best".equals(epoch);
            } else {
                v.add("/objective/epoch", "\"epoch\" is \"best\" (a trial counts by its best epoch) or \"last\"; got " + epoch + ".");
            }
        }
        if (o != null) {
            unknownKeys(o, Set.of("metric", "mode", "epoch"), "/objective", v);
        }
        return new Objective(metric, maximize, best);
    }

    /** Whether the base's dataset has classes, so that accuracy is measured: the loss cannot tell (mse fits both). */
    private boolean classification(AcceptedSpec base) {
        return datasets.find(base.datasetId()).map(d -> d.classes() > 0).orElse(true);
    }

    private static boolean strategy(String strategy, Violations v) {
        if (strategy == null || strategy.equals("random")) {
            return false;
        }
        if (strategy.equals("grid")) {
            return true;
        }
        v.add("/strategy", "\"strategy\" is \"random\" (default; random beats grid) or \"grid\"; got \"" + strategy + "\".");
        return false;
    }

    private List<StudyPlan.Stage> stages(StudyRequest r, AcceptedSpec base, boolean grid, SearchSpace space, Violations v) {
        int baseEpochs = base == null ? 1 : base.training().epochs();
        List<StudyPlan.Stage> stages = new ArrayList<>();
        if (grid) {
            boolean choicesOnly = space.dimensions().values().stream().allMatch(d -> d instanceof Distribution.Choice);
            if (!choicesOnly) {
                v.add("/strategy", "A grid enumerates \"choice\" distributions only; make every dimension a choice, or use \"random\".");
                return stages;
            }
            if (r.stages() != null) {
                v.add("/stages", "Stages narrow numeric ranges, which a grid does not have; drop \"stages\" or use \"random\".");
            }
            long size = space.gridSize();
            if (r.trials() != null && r.trials() != size) {
                v.add("/trials", "A grid runs every combination: " + size + " trials here; omit \"trials\" or set it to " + size + ".");
            }
            if (size > properties.maxTrials()) {
                v.add("/space", "This grid has " + size + " combinations; a study runs at most " + properties.maxTrials() + ".");
            } else if (size > 0) {
                stages.add(new StudyPlan.Stage((int) size, baseEpochs, 1));
            }
            return stages;
        }
        if (r.stages() == null) {
            int trials = integer(r.trials(), "/trials", 1, properties.maxTrials(), -1, v);
            if (r.trials() == null) {
                v.add("/trials", "Say how many trials to run (\"trials\": 20), or give \"stages\".");
            } else if (trials > 0) {
                stages.add(new StudyPlan.Stage(trials, baseEpochs, Math.max(1, (trials + 3) / 4)));
            }
            return stages;
        }
        if (r.trials() != null) {
            v.add("/trials", "With \"stages\" each stage says its trials; drop \"trials\".");
        }
        if (r.stages().isEmpty() || r.stages().size() > MAX_STAGES) {
            v.add("/stages", "Give 1 to " + MAX_STAGES + " stages, e.g. [{\"trials\": 24, \"epochs\": 1}, {\"trials\": 8, \"epochs\": 5}, "
                    + "{\"trials\": 3, \"epochs\": 20}].");
            return stages;
        }
        for (int i = 0; i < r.stages().size(); i++) {
            String at = "/stages/" + i;
            if (!(r.stages().get(i) instanceof Map<?, ?> raw)) {
                v.add(at, "Each stage is an object: {\"trials\": n, \"epochs\": n, \"keepTop\": n}.");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) raw;
            unknownKeys(s, Set.of("trials", "epochs", "keepTop"), at, v);
            int trials = integer(s.get("trials"), at + "/trials", 1, properties.maxTrials(), -1, v);
            if (s.get("trials") == null) {
                v.add(at + "/trials", "Say how many trials this stage runs.");
            }
            int epochs = integer(s.get("epochs"), at + "/epochs", 1, properties.maxTrialEpochs(), baseEpochs, v);
            int keepTop = integer(s.get("keepTop"), at + "/keepTop", 1, Math.max(1, trials), Math.max(1, (trials + 3) / 4), v);
            if (trials > 0 && epochs > 0 && keepTop > 0) {
                stages.add(new StudyPlan.Stage(trials, epochs, keepTop));
            }
        }
        return stages;
    }

    private static Pruner pruner(Map<String, Object> p, Violations v) {
        if (p == null) {
            return new Pruner.None();
        }
        Object type = p.get("type");
        switch (type == null ? "" : type.toString()) {
            case "none" -> {
                unknownKeys(p, Set.of("type"), "/pruner", v);
                return new Pruner.None();
            }
            case "median" -> {
                unknownKeys(p, Set.of("type", "warmupEpochs", "minTrials"), "/pruner", v);
                return new Pruner.Median(integer(p.get("warmupEpochs"), "/pruner/warmupEpochs", 0, 10_000, 1, v),
                        integer(p.get("minTrials"), "/pruner/minTrials", 1, 10_000, 3, v));
            }
            case "asha" -> {
                unknownKeys(p, Set.of("type", "minEpochs", "reductionFactor"), "/pruner", v);
                return new Pruner.Asha(integer(p.get("minEpochs"), "/pruner/minEpochs", 1, 10_000, 1, v),
                        integer(p.get("reductionFactor"), "/pruner/reductionFactor", 2, 100, 3, v));
            }
            default -> {
                v.add("/pruner/type", "\"pruner\" type is \"none\", \"median\" or \"asha\"; got " + type + ".");
                return new Pruner.None();
            }
        }
    }

    private static int repeat(Map<String, Object> r, Violations v) {
        if (r == null) {
            return 0;
        }
        unknownKeys(r, Set.of("seeds"), "/repeat", v);
        if (r.get("seeds") == null) {
            v.add("/repeat/seeds", "Say how many seeds retrain the best configuration: {\"seeds\": 5}.");
            return 0;
        }
        return integer(r.get("seeds"), "/repeat/seeds", 2, 100, 0, v);
    }

    static void unknownKeys(Map<String, Object> map, Set<String> known, String at, Violations v) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                v.add(at + "/" + escape(key), "Unknown field \"" + key + "\"; known: " + String.join(", ", new java.util.TreeSet<>(known)) + ".");
            }
        }
    }

    static int integer(Object value, String at, int min, int max, int otherwise, Violations v) {
        if (value == null) {
            return otherwise;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            v.add(at, "Must be a whole number from " + min + " to " + max + "; got " + value + ".");
            return otherwise;
        }
        double x = n.doubleValue();
        if (x < min || x > max) {
            v.add(at, "Must be from " + min + " to " + max + "; got " + (long) x + ".");
            return otherwise;
        }
        return (int) x;
    }
}
