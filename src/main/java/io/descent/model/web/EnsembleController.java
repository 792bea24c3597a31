package io.descent.model.web;

import io.descent.dataset.PreparedData;
import io.descent.model.Ensemble;
import io.descent.model.Inference;
import io.descent.model.Scores;
import io.descent.model.TrainedModels;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.system.Lease;
import io.descent.system.Leases;
import io.descent.training.catalog.Violations;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Averages several models' class probabilities: jobs' latest models, kept checkpoints of one run,
 * a study's best trials ({@link EnsembleMembers}). Nothing is stored.
 */
@RestController
@ConditionalOnBooleanProperty(name = "descent.api.enabled", matchIfMissing = true)
class EnsembleController {

    private final TrainedModels models;
    private final EnsembleMembers members;
    private final Inference inference;
    private final DatasetFit fit;

    EnsembleController(TrainedModels models, EnsembleMembers members, Inference inference, DatasetFit fit) {
        this.models = models;
        this.members = members;
        this.inference = inference;
        this.fit = fit;
    }

    /** Predicts {@code instances}; with a {@code dataset} instead it scores, as {@link #evaluate} does. */
    @PostMapping(value = "/api/v1/ensembles/predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Views.Ensemble predict(@RequestBody Views.EnsembleRequest request) {
        Violations violations = new Violations();
        if ((request.instances() == null) == (request.dataset() == null)) {
            violations.add("", "Give either \"instances\" to predict or a labelled \"dataset\" to score, not both.");
        }
        List<EnsembleMembers.Member> resolved = members.resolve(request.jobs(), request.members(), violations);
        try (Leases<TrainedModels.Loaded> leases = Leases.take(resolved, this::lease)) {
            List<TrainedModels.Loaded> loaded = sameSchema(resolved, leases.values());
            if (request.dataset() != null) {
                return score(resolved, loaded, request.dataset(), request.split());
            }
            TrainedModels.Loaded first = loaded.get(0);
            float[][] rows = Inference.rows(request.instances(), first.model().features(), "/instances");
            float[][] average = Ensemble.average(loaded.stream().map(m -> m.model().predict(rows)).toList());
            List<Views.Member> views = new ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                views.add(member(resolved.get(i), loaded.get(i), null, null));
            }
            return new Views.Ensemble(views, first.classNames(), ModelController.predictions(average, first.classNames()), null, null, null,
                    null, null);
        }
    }

    /** Scores every member and the ensemble on a labelled dataset, by default the first member's. */
    @PostMapping(value = "/api/v1/ensembles/evaluations", consumes = MediaType.APPLICATION_JSON_VALUE)
    Views.Ensemble evaluate(@RequestBody Views.EnsembleEvaluationRequest request) {
        List<EnsembleMembers.Member> resolved = members.resolve(request.jobs(), request.members(), new Violations());
        try (Leases<TrainedModels.Loaded> leases = Leases.take(resolved, this::lease)) {
            List<TrainedModels.Loaded> loaded = sameSchema(resolved, leases.values());
            String dataset = request.dataset() != null ? request.dataset() : loaded.get(0).datasetId();
            return score(resolved, loaded, dataset, request.split());
        }
    }

    private Lease<TrainedModels.Loaded> lease(EnsembleMembers.Member member) {
        return member.epoch() == null ? models.lease(member.job()) : models.lease(member.job(), member.epoch());
    }

    private Views.Ensemble score(List<EnsembleMembers.Member> resolved, List<TrainedModels.Loaded> loaded, String datasetId, String requested) {
        TrainedModels.Loaded first = loaded.get(0);
        String split = fit.split(datasetId, requested, first.model().features(), first.classNames().size());
        try (PreparedData data = inference.split(datasetId, split)) {
            var x = Inference.features(data.data(), split);
            long[] truth = Inference.labels(data.data(), split).toLongArray();
            List<float[][]> outputs = new ArrayList<>();
            List<Views.Member> views = new ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                float[][] probabilities = Inference.outputs(loaded.get(i).model(), x);
                outputs.add(probabilities);
                views.add(member(resolved.get(i), loaded.get(i), Scores.accuracy(probabilities, truth), Scores.logLoss(probabilities, truth)));
            }
            float[][] average = Ensemble.average(outputs);
            return new Views.Ensemble(views, first.classNames(), null, datasetId, split, truth.length, Scores.accuracy(average, truth),
                    Scores.logLoss(average, truth));
        }
    }

    private static Views.Member member(EnsembleMembers.Member member, TrainedModels.Loaded loaded, Double accuracy, Double logLoss) {
        return new Views.Member(member.job(), loaded.model().epoch(), member.study(), accuracy, logLoss);
    }

    /** Members must share classes (names and order) and inputs; regressions cannot be averaged. */
    private static List<TrainedModels.Loaded> sameSchema(List<EnsembleMembers.Member> resolved, List<TrainedModels.Loaded> loaded) {
        Violations violations = new Violations();
        TrainedModels.Loaded first = loaded.get(0);
        for (int i = 1; i < loaded.size(); i++) {
            TrainedModels.Loaded m = loaded.get(i);
            if (!m.classNames().equals(first.classNames()) || m.model().features() != first.model().features()) {
                violations.add(resolved.get(i).pointer(), "Job " + m.jobId() + " has other classes or inputs than job " + first.jobId()
                        + "; ensemble jobs trained on the same schema.");
            }
        }
        if (first.classNames().isEmpty()) {
            violations.add(resolved.get(0).pointer().startsWith("/jobs") ? "/jobs" : "/members",
                    "Ensembles average class probabilities; these jobs are regressions.");
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid ensemble request", violations.map(BodyProblem::new));
        }
        return loaded;
    }
}
