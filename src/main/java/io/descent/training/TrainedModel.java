package io.descent.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.descent.training.averaging.ParameterAverage;
import io.descent.training.checkpoint.RunState;
import io.descent.training.checkpoint.StateOutput;
import io.descent.training.loss.LossFunction;
import io.descent.training.nn.Network;
import io.descent.training.nn.NetworkBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A trained network ready for inference: built from the job's spec, its weights read from a
 * checkpoint (the weight average when the job averaged), its inputs scaled as in training. Thread-safe for concurrent predictions (each call
 * works in its own scope); it does not take the training lock, so predictions never wait for a job.
 */
public final class TrainedModel implements AutoCloseable {

    private final NDManager manager;
    private final Network network;
    private final ParameterStore store;
    private final LossFunction loss;
    private final int features;
    private final int classes;
    private final NDArray shift;
    private final NDArray scale;
    private final int epoch;

    /**
     * @param checkpoint a checkpoint written by {@link TrainingLoop} for this spec; read now
     * @param normalization the scaling fitted in training, null for none
     */
    public TrainedModel(Engine engine, TrainingSpec spec, int features, int classes, Normalization normalization, InputStream checkpoint)
            throws IOException {
        this.manager = NDManager.newBaseManager(engine.defaultDevice(), engine.getEngineName());
        try {
            this.network = NetworkBuilder.build(spec.layers(), spec.init(), features, classes > 0 ? classes : 1, manager);
            this.epoch = readWeights(spec, network, checkpoint, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
        this.loss = spec.loss().definition().create(spec.loss().params(), classes);
        this.features = features;
        this.classes = classes;
        this.shift = normalization == null ? null : manager.create(toFloats(normalization.shift()));
        this.scale = normalization == null ? null : manager.create(toFloats(normalization.scale()));
    }

    /** The parameters, or the job's weight average in their place when it averaged and an average exists. */
    private static int readWeights(TrainingSpec spec, Network network, InputStream checkpoint, NDManager manager) throws IOException {
        PairList<String, Parameter> parameters = network.block().getParameters();
        if (spec.weightAveraging() == null) {
            return RunState.readParameters(checkpoint, parameters);
        }
        List<NDArray> values = parameters.values().stream().map(Parameter::getArray).toList();
        try (ParameterAverage average = spec.weightAveraging().definition().create(spec.weightAveraging().params(), values, manager)) {
            int epoch = RunState.readParameters(checkpoint, parameters, average);
            average.replaceParameters();
            return epoch;
        }
    }

    public int features() {
        return features;
    }

    public int classes() {
        return classes;
    }

    /** The epoch whose weights these are. */
    public int epoch() {
        return epoch;
    }

    /**
     * @param rows [n][features] raw (unscaled) inputs
     * @return class probabilities [n][classes], or values [n][1] for regression
     */
    public float[][] predict(float[][] rows) {
        JniUtils.setGradMode(false);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(flatten(rows), new Shape(rows.length, features));
            NDArray output = outputs(x, scope);
            float[] flat = output.toFloatArray();
            int width = classes > 0 ? classes : 1;
            float[][] result = new float[rows.length][width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * width, result[i], 0, width);
            }
            return result;
        }
    }

    /** Probabilities (classification) or values (regression) of raw inputs {@code x}; owned by {@code scope}. */
    public synchronized NDArray outputs(NDArray x, NDManager scope) {
        JniUtils.setGradMode(false);
        NDArray input = x;
        if (shift != null) {
            input = x.sub(shift).div(scale);
            input.attach(scope);
        }
        NDArray output = loss.output(network.block().forward(store, new NDList(input), false).singletonOrThrow());
        NDArray result = classes > 0 ? loss.probabilities(output) : output;
        result.attach(scope);
        return result;
    }

    /** Loss terms of this model's own loss on labelled raw inputs, for evaluations; owned by {@code scope}. */
    public synchronized NDArray lossTerms(NDArray x, NDArray labels, NDManager scope) {
        JniUtils.setGradMode(false);
        NDArray input = x;
        if (shift != null) {
            input = x.sub(shift).div(scale);
            input.attach(scope);
        }
        NDArray output = loss.output(network.block().forward(store, new NDList(input), false).singletonOrThrow());
        NDArray terms = loss.elements(output, labels);
        terms.attach(scope);
        return terms;
    }

    /** The weights in Descent's weight format: count, then (name, DJL-encoded tensor) per parameter. */
    public void writeWeights(OutputStream stream) throws IOException {
        StateOutput out = new StateOutput(stream);
        out.writeInt(network.block().getParameters().size());
        for (Pair<String, Parameter> p : network.block().getParameters()) {
            out.writeString(p.getKey());
            out.writeArray(p.getValue().getArray());
        }
        out.flush();
    }

    private float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * features, features);
        }
        return flat;
    }

    private static float[] toFloats(java.util.List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
