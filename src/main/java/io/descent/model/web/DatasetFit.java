package io.descent.model.web;

import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetInfo;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.catalog.Violations;
import org.springframework.stereotype.Component;

/** Checks that a dataset fits a model and picks the split to score on. */
@Component
class DatasetFit {

    private final DatasetCatalog datasets;

    DatasetFit(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    /**
     * @return the split: {@code requested}, or "test" when the dataset has one, else "train"
     * @throws InvalidRequestException naming {@code /dataset} or {@code /split}
     */
    String split(String datasetId, String requested, int features, int classes) {
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
}
