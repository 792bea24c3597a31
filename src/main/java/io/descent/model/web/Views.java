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

    /** Either instances to predict, or a labelled dataset to score the members and the ensemble on. */
    record EnsembleRequest(List<UUID> jobs, List<List<Double>> instances, String dataset, String split) {}

    record Member(UUID job, int modelEpoch, Double accuracy) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ensemble(List<Member> members, List<String> classNames, List<Prediction> predictions, String dataset, String split,
            Integer samples, Double accuracy) {}
}
