package io.descent.model.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the model endpoints. */
final class Views {

    private Views() {}

    record PredictionRequest(List<List<Double>> instances) {}

    /** One row's prediction: the class (name and index) with every class's probability, or the value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Prediction(String label, Integer classIndex, List<Double> probabilities, Double value) {}

    /** @param modelEpoch the epoch whose weights answered */
    record Predictions(List<Prediction> predictions, List<String> classNames, int modelEpoch) {}

    /** @param split "test" (default when the dataset has one) or "train" */
    record EvaluationRequest(String dataset, String split) {}

    /**
     * @param confusionMatrix rows are true classes, columns predicted ones (classification only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Evaluation(String dataset, String split, int samples, double loss, Double accuracy, List<String> classNames,
            List<List<Long>> confusionMatrix, Double meanAbsoluteError, Double rootMeanSquaredError, int modelEpoch) {}

    /**
     * Either instances to predict, or a labelled dataset to score the members and the ensemble on.
     * The members are either {@code jobs} (ids, each its latest model) or {@code members} (objects).
     */
    record EnsembleRequest(List<UUID> jobs, List<MemberRequest> members, List<List<Double>> instances, String dataset, String split) {}

    /** The members and a labelled dataset (default: the first member's) to score them and their average on. */
    record EnsembleEvaluationRequest(List<UUID> jobs, List<MemberRequest> members, String dataset, String split) {}

    /**
     * One entry of {@code members}: {@code {"job": id}} (its latest model), {@code {"job": id, "epochs": [...]}}
     * (kept checkpoints of one run, one member each) or {@code {"study": id, "top": k}} (its k best trials).
     */
    record MemberRequest(UUID job, List<Integer> epochs, UUID study, Integer top) {}

    /**
     * @param study the study the member was drawn from, for {@code {"study": id, "top": k}} members
     * @param accuracy on the dataset; null when predicting instances
     * @param logLoss mean −log p(true class) of the member's probabilities on the dataset; null when predicting instances
     */
    record Member(UUID job, int modelEpoch, @JsonInclude(JsonInclude.Include.NON_NULL) UUID study, Double accuracy, Double logLoss) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ensemble(List<Member> members, List<String> classNames, List<Prediction> predictions, String dataset, String split,
            Integer samples, Double accuracy, Double logLoss) {}
}
