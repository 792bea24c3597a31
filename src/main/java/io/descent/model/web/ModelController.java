package io.descent.model.web;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetInfo;
import io.descent.dataset.PreparedData;
import io.descent.job.spec.SpecLimits;
import io.descent.model.Inference;
import io.descent.model.ModelArchive;
import io.descent.model.TrainedModels;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.system.Lease;
import io.descent.system.Leases;
import io.descent.training.catalog.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Use what a job trained: download it, predict with it, score it on a dataset, ensemble several. */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class ModelController {

    private final TrainedModels models;
    private final ModelArchive archive;
    private final Inference inference;
    private final DatasetCatalog datasets;
    private final SpecLimits limits;

    ModelController(TrainedModels models, ModelArchive archive, Inference inference, DatasetCatalog datasets, SpecLimits limits) {
        this.models = models;
        this.archive = archive;
        this.inference = inference;
        this.datasets = datasets;
        this.limits = limits;
    }

    @GetMapping(value = "/api/v1/jobs/{id}/model", produces = "application/zip")
    ResponseEntity<StreamingResponseBody> download(@PathVariable UUID id, WebRequest request) {
        // The body streams after this returns: it takes the lease with it.
        StreamingResponseBody body = LeasedBody.of(models.lease(id), request, (loaded, out) -> archive.write(id, loaded, out));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"descent-model-" + id + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip")).body(body);
    }

    @PostMapping(value = "/api/v1/jobs/{id}/predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Views.Predictions predict(@PathVariable UUID id, @RequestBody Views.PredictionRequest request) {
        try (Lease<TrainedModels.Loaded> lease = models.lease(id)) {
            return predict(lease.get(), request);
        }
    }

    private static Views.Predictions predict(TrainedModels.Loaded loaded, Views.PredictionRequest request) {
        float[][] rows = Inference.rows(request.instances(), loaded.model().features(), "/instances");
        float[][] outputs = loaded.model().predict(rows);
        return new Views.Predictions(predictions(outputs, loaded.classNames()), loaded.classNames(), loaded.model().epoch());
    }

    /** The same with a CSV body: one row of numbers per line, an optional header line of names. */
    @PostMapping(value = "/api/v1/jobs/{id}/predictions", consumes = "text/csv")
    Views.Predictions predictCsv(@PathVariable UUID id, @RequestBody String csv) {
        return predict(id, new Views.PredictionRequest(CsvInstances.parse(csv)));
    }

    @PostMapping(value = "/api/v1/jobs/{id}/evaluations", consumes = MediaType.APPLICATION_JSON_VALUE)
    Views.Evaluation evaluate(@PathVariable UUID id, @RequestBody Views.EvaluationRequest request) {
        try (Lease<TrainedModels.Loaded> lease = models.lease(id)) {
            return evaluate(lease.get(), request);
        }
    }

    private Views.Evaluation evaluate(TrainedModels.Loaded loaded, Views.EvaluationRequest request) {
        String datasetId = request.dataset() == null ? loaded.datasetId() : request.dataset();
        String split = split(datasetId, request.split(), loaded.model().features(), loaded.classNames().size());
        try (PreparedData data = inference.split(datasetId, split)) {
            var x = Inference.features(data.data(), split);
            var y = Inference.labels(data.data(), split);
            float[][] outputs = Inference.outputs(loaded.model(), x);
            double loss = Inference.meanLoss(loaded.model(), x, y);
            int n = outputs.length;
            if (loaded.classNames().isEmpty()) {
                float[] truth = y.toFloatArray();
                double abs = 0;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    double e = outputs[i][0] - truth[i];
                    abs += Math.abs(e);
                    sq += e * e;
                }
                return new Views.Evaluation(datasetId, split, n, loss, null, null, null, abs / n, Math.sqrt(sq / n), loaded.model().epoch());
            }
            long[] truth = y.toLongArray();
            int classes = loaded.classNames().size();
            long[][] confusion = new long[classes][classes];
            long correct = 0;
            for (int i = 0; i < n; i++) {
                int predicted = argMax(outputs[i]);
                confusion[(int) truth[i]][predicted]++;
                correct += predicted == truth[i] ? 1 : 0;
            }
            List<List<Long>> matrix = new ArrayList<>();
            for (long[] row : confusion) {
                matrix.add(java.util.Arrays.stream(row).boxed().toList());
            }
            return new Views.Evaluation(datasetId, split, n, loss, correct / (double) n, loaded.classNames(), matrix, null, null,
                    loaded.model().epoch());
        }
    }

    @PostMapping(value = "/api/v1/ensembles/predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Views.Ensemble ensemble(@RequestBody Views.EnsembleRequest request) {
        Violations violations = new Violations();
        if (request.jobs() == null || request.jobs().size() < 2) {
            violations.add("/jobs", "Name at least two job ids to average.");
        } else if (request.jobs().size() > limits.maxEnsembleMembers()) {
            violations.add("/jobs", "At most " + limits.maxEnsembleMembers() + " jobs can be averaged (descent.limits.max-ensemble-members); got "
                    + request.jobs().size() + ".");
        } else {
            for (int i = 0; i < request.jobs().size(); i++) {
                if (request.jobs().get(i) == null) {
                    violations.add("/jobs/" + i, "Each entry must be a job id (a UUID), not null.");
                }
            }
        }
        if ((request.instances() == null) == (request.dataset() == null)) {
            violations.add("", "Give either \"instances\" to predict or a labelled \"dataset\" to score, not both.");
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid ensemble request", violations.map(BodyProblem::new));
        }
        try (Leases<TrainedModels.Loaded> members = Leases.take(request.jobs(), models::lease)) {
            return ensemble(request, members.values());
        }
    }

    private Views.Ensemble ensemble(Views.EnsembleRequest request, List<TrainedModels.Loaded> members) {
        Violations violations = new Violations();
        TrainedModels.Loaded first = members.get(0);
        for (int i = 1; i < members.size(); i++) {
            TrainedModels.Loaded m = members.get(i);
            if (!m.classNames().equals(first.classNames()) || m.model().features() != first.model().features()) {
                violations.add("/jobs/" + i, "Job " + m.jobId() + " has other classes or inputs than job " + first.jobId() + "; ensemble jobs trained on the same schema.");
            }
        }
        if (first.classNames().isEmpty()) {
            violations.add("/jobs", "Ensembles average class probabilities; these jobs are regressions.");
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid ensemble request", violations.map(BodyProblem::new));
        }
        int classes = first.classNames().size();
        if (request.instances() != null) {
            float[][] rows = Inference.rows(request.instances(), first.model().features(), "/instances");
            float[][] average = new float[rows.length][classes];
            for (TrainedModels.Loaded m : members) {
                add(average, m.model().predict(rows), members.size());
            }
            return new Views.Ensemble(members.stream().map(m -> new Views.Member(m.jobId(), m.model().epoch(), null)).toList(),
                    first.classNames(), predictions(average, first.classNames()), null, null, null, null);
        }
        String split = split(request.dataset(), request.split(), first.model().features(), classes);
        try (PreparedData data = inference.split(request.dataset(), split)) {
            var x = Inference.features(data.data(), split);
            long[] truth = Inference.labels(data.data(), split).toLongArray();
            float[][] average = new float[truth.length][classes];
            List<Views.Member> scored = new ArrayList<>();
            for (TrainedModels.Loaded m : members) {
                float[][] outputs = Inference.outputs(m.model(), x);
                scored.add(new Views.Member(m.jobId(), m.model().epoch(), accuracy(outputs, truth)));
                add(average, outputs, members.size());
            }
            return new Views.Ensemble(scored, first.classNames(), null, request.dataset(), split, truth.length, accuracy(average, truth));
        }
    }

    /** Checks the dataset fits the model and picks the split: "test" when there is one, else "train". */
    private String split(String datasetId, String requested, int features, int classes) {
        Violations violations = new Violations();
        DatasetInfo info = datasets.find(datasetId).orElse(null);
        String split = requested;
        if (info == null) {
            violations.add("/dataset", "Unknown dataset \"" + datasetId + "\"; known ids: " + datasets.knownIds() + ".");
        } else {
            int width = info.featureShape().stream().reduce(1, (a, b) -> a * b);
            if (width != features || info.classes() != classes) {
                violations.add("/dataset", "Dataset \"" + datasetId + "\" has " + width + " features and " + info.classes()
                        + " classes; the model takes " + features + " and " + classes + ".");
            }
            if (split == null) {
                split = info.testSamples() > 0 ? "test" : "train";
            } else if (!split.equals("test") && !split.equals("train")) {
                violations.add("/split", "\"split\" must be \"test\" or \"train\".");
            } else if (split.equals("test") && info.testSamples() == 0) {
                violations.add("/split", "Dataset \"" + datasetId + "\" has no test split; use \"train\".");
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid request", violations.map(BodyProblem::new));
        }
        return split;
    }

    private static List<Views.Prediction> predictions(float[][] outputs, List<String> classNames) {
        List<Views.Prediction> out = new ArrayList<>(outputs.length);
        for (float[] row : outputs) {
            if (classNames.isEmpty()) {
                out.add(new Views.Prediction(null, null, null, (double) row[0]));
            } else {
                int best = argMax(row);
                List<Double> probabilities = new ArrayList<>(row.length);
                for (float p : row) {
                    probabilities.add((double) p);
                }
                out.add(new Views.Prediction(classNames.get(best), best, probabilities, null));
            }
        }
        return out;
    }

    private static void add(float[][] sum, float[][] outputs, int members) {
        for (int i = 0; i < sum.length; i++) {
            for (int c = 0; c < sum[i].length; c++) {
                sum[i][c] += outputs[i][c] / members;
            }
        }
    }

    private static double accuracy(float[][] outputs, long[] truth) {
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += argMax(outputs[i]) == truth[i] ? 1 : 0;
        }
        return correct / (double) truth.length;
    }

    private static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
