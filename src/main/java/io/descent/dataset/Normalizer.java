package io.descent.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.descent.training.Normalization;
import io.descent.training.TrainingData;
import java.util.ArrayList;
import java.util.List;

/** Fits feature scaling on the training split only and applies it to both splits. */
final class Normalizer {

    private Normalizer() {}

    static TrainingData apply(TrainingData data, String kind, NDManager owned) {
        if (kind == null || kind.equals("none")) {
            return data;
        }
        NDArray x = data.trainFeatures();
        NDArray shift;
        NDArray scale;
        if (kind.equals("standard")) {
            shift = local(x.mean(new int[] {0}), owned);
            NDArray centered = local(x.sub(shift), owned);
            scale = local(centered.square().mean(new int[] {0}).sqrt(), owned);
        } else {
            shift = local(x.min(new int[] {0}), owned);
            scale = local(x.max(new int[] {0}).sub(shift), owned);
        }
        // A constant feature would divide by zero; it is only shifted.
        scale = local(scale.add(scale.eq(0).toType(scale.getDataType(), false)), owned);
        NDArray train = local(local(x.sub(shift), owned).div(scale), owned);
        NDArray validation = data.validationFeatures() == null ? null
                : local(local(data.validationFeatures().sub(shift), owned).div(scale), owned);
        return new TrainingData(train, data.trainLabels(), validation, data.validationLabels(), data.classes(),
                new Normalization(kind, list(shift), list(scale)));
    }

    private static NDArray local(NDArray array, NDManager owned) {
        array.attach(owned);
        return array;
    }

    private static List<Double> list(NDArray array) {
        List<Double> values = new ArrayList<>();
        for (float v : array.toFloatArray()) {
            values.add((double) v);
        }
        return values;
    }
}
