package io.descent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.PreparedData;
import io.descent.dataset.ValidationSplit;
import io.descent.system.BodyProblem;
import io.descent.system.InvalidRequestException;
import io.descent.training.TrainedModel;
import io.descent.training.TrainingData;
import io.descent.training.catalog.Violations;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Checks prediction inputs and runs models over them or over a dataset split. */
@Component
public class Inference {

    /** Rows per forward pass over a dataset, to bound activation memory. */
    private static final int CHUNK = 4096;
    public static final int MAX_INSTANCES = 10_000;

    private final DatasetCatalog datasets;

    Inference(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    /** Turns JSON rows into floats, rejecting (all at once) rows of the wrong width and missing values. */
    public static float[][] rows(List<List<Double>> instances, int features, String pointer) {
        Violations violations = new Violations();
        if (instances == null || instances.isEmpty()) {
            violations.add(pointer, "Give at least one row: {\"instances\": [[x1, x2, ...], ...]} with " + features + " numbers per row.");
        } else if (instances.size() > MAX_INSTANCES) {
            violations.add(pointer, "At most " + MAX_INSTANCES + " rows per request; got " + instances.size() + ".");
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid prediction request", violations.map(BodyProblem::new));
        }
        float[][] rows = new float[instances.size()][];
        for (int i = 0; i < rows.length; i++) {
            List<Double> row = instances.get(i);
            if (row == null || row.size() != features) {
                violations.add(pointer + "/" + i, "Row " + i + " has " + (row == null ? 0 : row.size()) + " values; the model takes " + features + ".");
                continue;
            }
            rows[i] = new float[features];
            for (int j = 0; j < features; j++) {
                Double v = row.get(j);
                if (v == null || !Float.isFinite(v.floatValue())) {
                    violations.add(pointer + "/" + i + "/" + j, "Row " + i + ", value " + j + " must be a finite number within float32 range "
                            + "(magnitude at most " + Float.MAX_VALUE + "), the precision models compute in.");
                } else {
                    rows[i][j] = v.floatValue();
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("Invalid prediction request", violations.map(BodyProblem::new));
        }
        return rows;
    }

    /** A dataset split the model can be run over: "test" (when it has one) or "train". */
    public PreparedData split(String datasetId, String split) {
        return datasets.prepare(datasetId, "train".equals(split) ? ValidationSplit.NONE : ValidationSplit.TEST, "none", 0);
    }

    public static NDArray features(TrainingData data, String split) {
        return "train".equals(split) ? data.trainFeatures() : data.validationFeatures();
    }

    public static NDArray labels(TrainingData data, String split) {
        return "train".equals(split) ? data.trainLabels() : data.validationLabels();
    }

    /** The model's outputs on every row of {@code x}, as a host array [rows][width]. */
    public static float[][] outputs(TrainedModel model, NDArray x) {
        long rows = x.getShape().get(0);
        int width = model.classes() > 0 ? model.classes() : 1;
        List<float[]> out = new ArrayList<>();
        try (NDManager scope = x.getManager().newSubManager()) {
            for (long from = 0; from < rows; from += CHUNK) {
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray part = x.get(chunk, new NDIndex("{}:{}", from, Math.min(rows, from + CHUNK)));
                    float[] flat = model.outputs(part, chunk).toFloatArray();
                    for (int i = 0; i < flat.length / width; i++) {
                        float[] row = new float[width];
                        System.arraycopy(flat, i * width, row, 0, width);
                        out.add(row);
                    }
                }
            }
        }
        return out.toArray(float[][]::new);
    }

    /** Mean of the model's loss terms over {@code x} with labels {@code y}. */
    public static double meanLoss(TrainedModel model, NDArray x, NDArray y) {
        long rows = x.getShape().get(0);
        double sum = 0;
        long terms = 0;
        try (NDManager scope = x.getManager().newSubManager()) {
            for (long from = 0; from < rows; from += CHUNK) {
                try (NDManager chunk = scope.newSubManager()) {
                    NDIndex range = new NDIndex("{}:{}", from, Math.min(rows, from + CHUNK));
                    NDArray t = model.lossTerms(x.get(chunk, range), y.get(chunk, range), chunk);
                    sum += t.sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                    terms += t.size();
                }
            }
        }
        return sum / terms;
    }
}
