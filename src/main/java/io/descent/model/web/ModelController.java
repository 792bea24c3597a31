package io.descent.model.web;

import io.descent.dataset.PreparedData;
import io.descent.model.Inference;
import io.descent.model.ModelArchive;
import io.descent.model.Scores;
import io.descent.model.TrainedModels;
import io.descent.system.Lease;
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

/** Use what a job trained: download it, predict with it, score it on a dataset. Ensembles: {@link EnsembleController}. */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class ModelController {

    private final TrainedModels models;
    private final ModelArchive archive;
    private final Inference inference;
    private final DatasetFit fit;

    ModelController(TrainedModels models, ModelArchive archive, Inference inference, DatasetFit fit) {
        this.models = models;
        this.archive = archive;
        this.inference = inference;
        this.fit = fit;
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
            TrainedModels.Loaded loaded = lease.get();
            float[][] rows = Inference.rows(request.instances(), loaded.model().features(), "/instances");
            float[][] outputs = loaded.model().predict(rows);
            return new Views.Predictions(predictions(outputs, loaded.classNames()), loaded.classNames(), loaded.model().epoch());
        }
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
        String split = fit.split(datasetId, request.split(), loaded.model().features(), loaded.classNames().size());
        int epoch = loaded.model().epoch();
        try (PreparedData data = inference.split(datasetId, split)) {
            var x = Inference.features(data.data(), split);
            var y = Inference.labels(data.data(), split);
            float[][] outputs = Inference.outputs(loaded.model(), x);
            double loss = Inference.meanLoss(loaded.model(), x, y);
            int n = outputs.length;
            if (loaded.classNames().isEmpty()) {
                Scores.Errors errors = Scores.errors(outputs, y.toFloatArray());
                return new Views.Evaluation(datasetId, split, n, loss, null, null, null, errors.meanAbsolute(), errors.rootMeanSquared(), epoch);
            }
            long[] truth = y.toLongArray();
            return new Views.Evaluation(datasetId, split, n, loss, Scores.accuracy(outputs, truth), loaded.classNames(),
                    Scores.confusionMatrix(outputs, truth, loaded.classNames().size()), null, null, epoch);
        }
    }

    /** One prediction per row: the most probable class with every probability, or the value of a regression. */
    static List<Views.Prediction> predictions(float[][] outputs, List<String> classNames) {
        List<Views.Prediction> out = new ArrayList<>(outputs.length);
        for (float[] row : outputs) {
            if (classNames.isEmpty()) {
                out.add(new Views.Prediction(null, null, null, (double) row[0]));
            } else {
                int best = Scores.argMax(row);
                List<Double> probabilities = new ArrayList<>(row.length);
                for (float p : row) {
                    probabilities.add((double) p);
                }
                out.add(new Views.Prediction(classNames.get(best), best, probabilities, null));
            }
        }
        return out;
    }
}
