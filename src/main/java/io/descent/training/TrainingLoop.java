package io.descent.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.descent.training.averaging.ParameterAverage;
import io.descent.training.loss.LossFunction;
import io.descent.training.nn.Network;
import io.descent.training.nn.NetworkBuilder;
import io.descent.training.regularization.EarlyStopper;
import io.descent.training.regularization.EarlyStopping;
import io.descent.training.regularization.GradientAdjuster;
import ai.djl.util.PairList;
import io.descent.training.optim.ParameterUpdater;
import io.descent.training.optim.TrainableParameter;
import io.descent.training.schedule.LearningRateSchedule;
import io.descent.training.checkpoint.EpochPosition;
import io.descent.training.checkpoint.ResumePoint;
import io.descent.training.checkpoint.RunState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Trains one network with DJL's PyTorch engine: plain Java, no HTTP, no persistence.
 *
 * <p>Threading: PyTorch allows one autograd recording per process and one global generator, so
 * runs on several threads take turns through the fair {@link EngineLock}: a run holds it while it
 * seeds and initializes its network, for each batch and for each evaluation, and releases it in
 * between, so a short run interleaves with a long one batch by batch and each gives the result it
 * would give alone. Per-batch work stays in native memory; the loop reads numbers back to the JVM
 * once per epoch (loss, accuracy), never per batch.
 */
public final class TrainingLoop {

    /** Rows per forward pass when evaluating, to bound activation memory on large splits. */
    private static final int EVALUATION_CHUNK = 4096;

    private final Engine engine;
    /** Replaces the initialized parameters before the first epoch; only the end-to-end parity test sets one. */
    private final Consumer<PairList<String, Parameter>> startingParameters;

    public TrainingLoop(Engine engine) {
        this(engine, parameters -> {});
    }

    /** For tests that start from given weights (PyTorch's, in the end-to-end parity test). */
    TrainingLoop(Engine engine, Consumer<PairList<String, Parameter>> startingParameters) {
        this.engine = engine;
        this.startingParameters = startingParameters;
    }

    /**
     * Runs every epoch of {@code spec} on {@code data}, reporting each to {@code observer}.
     *
     * @throws TrainingDivergedException when the training loss stops being finite
     * @throws DeviceUnavailableException when the spec's device is not present
     */
    public TrainingResult run(TrainingSpec spec, TrainingData data, TrainingObserver observer) {
        return run(spec, data, observer, null);
    }

    /**
     * Like {@link #run(TrainingSpec, TrainingData, TrainingObserver)}, continuing after the epoch
     * of {@code resume} when it is non-null; the result is then the same as an uninterrupted run's.
     */
    public TrainingResult run(TrainingSpec spec, TrainingData data, TrainingObserver observer, ResumePoint resume) {
        Device device = spec.device().resolve(engine);
        // Grad mode is thread-local in libtorch and on by default on a new thread; the optimizers
        // update leaf tensors in place, which PyTorch allows only with grad mode off.
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
            int n = data.trainSize();
            if (n < 1) {
                throw new IllegalArgumentException("The training split is empty; nothing to train on.");
            }
            int batchSize = spec.batchSize() == null ? n : Math.min(spec.batchSize(), n);
            int steps = (n + batchSize - 1) / batchSize;
            int outputs = data.classes() > 0 ? data.classes() : 1;
            Network network = initialized(spec, data.featureSize(), outputs, manager);
            Block block = network.block();
            PairList<String, Parameter> parameters = block.getParameters();
            startingParameters.accept(parameters);
            ParameterStore store = new ParameterStore(manager, false);
            LossFunction loss = spec.loss().definition().create(spec.loss().params(), data.classes());
            LearningRateSchedule schedule = spec.schedule().create(spec.learningRate(), steps);
            GradientAdjuster adjuster = new GradientAdjuster(spec.regularization());
            RowGatherer trainX = new RowGatherer(data.trainFeatures(), manager);
            RowGatherer trainY = new RowGatherer(data.trainLabels(), manager);
            NDArray validX = data.hasValidation() ? onDevice(data.validationFeatures(), device, manager) : null;
            NDArray validY = data.hasValidation() ? onDevice(data.validationLabels(), device, manager) : null;
            EarlyStopping rule = spec.regularization().earlyStopping();
            try (ParameterUpdater updater = spec.optimizer().definition().create(spec.optimizer().params(), manager);
                    EarlyStopper stopper = rule == null ? null : new EarlyStopper(rule, parameters, manager);
                    ParameterAverage average = average(spec, parameters, manager)) {
                // The average comes first: a trained model reads it right after the parameters.
                RunState state = new RunState(parameters, java.util.Arrays.asList(average, updater, schedule, stopper));
                List<EpochListener> listeners = new ArrayList<>();
                listeners.add(new DivergenceCheck());
                listeners.add(metrics -> {
                    schedule.epochFinished(metrics);
                    return null;
                });
                if (stopper != null) {
                    listeners.add(stopper);
                }
                if (average != null) {
                    listeners.add(average);
                }
                int first = 0;
                EpochPosition at = null;
                if (resume != null) {
                    try {
                        first = state.read(resume.state());
                    } catch (IOException | IllegalArgumentException e) {
                        throw new CheckpointException("The checkpoint after epoch " + resume.epoch() + " cannot be read: " + e.getMessage(), e);
                    }
                    at = state.position();
                }
                long progressInterval = observer.progressInterval().toNanos();
                long lastProgress = System.nanoTime();
                for (int epoch = first; epoch < spec.epochs(); epoch++) {
                    long start = System.nanoTime();
                    // Dropout masks and batch order depend on (seed, epoch) alone, so a run resumed
                    // from a checkpoint draws exactly what the uninterrupted run would have drawn.
                    // Both are drawn in Java: nothing after initialization reads the engine's generator.
                    long epochSeed = epochSeed(spec.seed(), epoch);
                    network.reseed(epochSeed);
                    try (NDManager epochScope = manager.newSubManager()) {
                        int[] order = shuffle(n, new Random(epochSeed));
                        NDArray lossSum = epochScope.zeros(new Shape(), DataType.FLOAT64);
                        NDArray correct = epochScope.zeros(new Shape(), DataType.INT64);
                        List<NDArray> beforeLastUpdate = null;
                        long lossTerms = 0;
                        // A run resumed inside this epoch continues its sums, its time and its dropout sequences.
                        EpochPosition resumed = epoch == first ? at : null;
                        int firstStep = resumed == null ? 0 : resumed.step();
                        long earlierNanos = resumed == null ? 0 : resumed.trainNanos();
                        if (resumed != null) {
                            lossSum.addi(epochScope.create(resumed.lossSum()));
                            correct.addi(epochScope.create(resumed.correct()));
                            lossTerms = resumed.lossTerms();
                            network.skipDropout(resumed.dropoutDraws());
                        }
                        double learningRate = spec.learningRate();
                        for (int step = firstStep; step < steps; step++) {
                            if (observer.stopRequested()) {
                                if (step > 0) {
                                    EpochPosition position = new EpochPosition(step, lossSum.getDouble(), correct.getLong(), lossTerms,
                                            earlierNanos + System.nanoTime() - start, network.dropoutDraws());
                                    int finishedEpochs = epoch;
                                    observer.stoppedInEpoch(position, out -> state.write(finishedEpochs, position, out));
                                }
                                return new TrainingResult(true, epoch, null, stopper == null ? epoch : stopper.weightsIfEndedAfter(epoch));
                            }
                            learningRate = schedule.learningRate(epoch, step);
                            try (NDManager batch = epochScope.newSubManager()) {
                                int from = step * batchSize;
                                int to = Math.min(n, from + batchSize);
                                NDArray x = trainX.gather(batch, order, from, to);
                                NDArray y = trainY.gather(batch, order, from, to);
                                // Held per batch and released between batches, so other work (a
                                // preflight run) waiting for the fair lock gets in between.
                                EngineLock.lock();
                                try {
                                    NDArray output;
                                    NDArray terms;
                                    try (GradientCollector collector = engine.newGradientCollector()) {
                                        output = loss.output(block.forward(store, new NDList(x), true).singletonOrThrow());
                                        terms = loss.elements(output, y);
                                        collector.backward(loss.reduce(terms));
                                    }
                                    lossSum.addi(terms.sum());
                                    lossTerms += terms.size();
                                    if (data.classes() > 0) {
                                        correct.addi(output.argMax(1).eq(y).sum());
                                    }
                                    // Handles to the .grad tensors in the step's scope: optimizer and
                                    // regularizer results computed from them land there and go with it.
                                    List<TrainableParameter> gradients = gradients(parameters, batch);
                                    if (step == steps - 1) {
                                        beforeLastUpdate = ParameterStats.copy(parameters, epochScope);
                                    }
                                    updater.step(adjuster.changesAnything() ? adjuster.adjust(gradients, batch) : gradients, learningRate);
                                    network.constrain();
                                    for (TrainableParameter p : gradients) {
                                        // zero_() in one call, where subi(itself) read the tensor twice.
                                        JniUtils.zeroGrad((PtNDArray) p.value());
                                    }
                                    for (EpochListener listener : listeners) {
                                        listener.stepFinished(batch);
                                    }
                                } finally {
                                    EngineLock.unlock();
                                }
                            }
                            observer.batchFinished(Math.min(n, (step + 1) * batchSize) - step * batchSize);
                            if (epoch == first && step == firstStep) {
                                observer.firstBatchFinished();
                            }
                            // A look at the running loss at most every progressInterval: one read back
                            // from native memory then, none on the other batches.
                            long now = System.nanoTime();
                            if (now - lastProgress >= progressInterval && step < steps - 1) {
                                lastProgress = now;
                                double seconds = (now - start) / 1e9;
                                observer.progress(new Progress(epoch + 1, step + 1, steps, lossSum.getDouble() / lossTerms,
                                        (step + 1 - firstStep) * (double) batchSize / seconds, seconds / (step + 1 - firstStep)));
                            }
                        }
                        double trainSeconds = (earlierNanos + System.nanoTime() - start) / 1e9;
                        double trainLoss = lossSum.getDouble() / lossTerms;
                        Double trainAccuracy = data.classes() > 0 ? correct.getLong() / (double) n : null;
                        Evaluation validation;
                        EngineLock.lock();
                        try {
                            for (EpochListener listener : listeners) {
                                listener.trainingFinished(epoch, epochScope);
                            }
                            // With weight averaging, validation measures the averaged parameters.
                            Supplier<Evaluation> evaluation = () -> evaluate(block, store, loss, validX, validY, data.classes(), epochScope);
                            validation = validX == null ? null : average == null ? evaluation.get() : average.withAverage(evaluation);
                        } finally {
                            EngineLock.unlock();
                        }
                        double updateRatio = ParameterStats.updateRatio(beforeLastUpdate, parameters, epochScope);
                        double weightNorm = ParameterStats.weightNorm(parameters, epochScope);
                        long durationMs = (earlierNanos + System.nanoTime() - start) / 1_000_000;
                        EpochMetrics metrics = new EpochMetrics(epoch + 1, trainLoss, trainAccuracy,
                                validation == null ? null : validation.loss(),
                                validation == null ? null : validation.accuracy(),
                                learningRate, durationMs, n / trainSeconds, weightNorm, updateRatio);
                        TrainingResult.EarlyStop earlyStop = null;
                        try {
                            for (EpochListener listener : listeners) {
                                TrainingResult.EarlyStop stop = listener.epochFinished(metrics);
                                earlyStop = earlyStop == null ? stop : earlyStop;
                            }
                        } catch (TrainingDivergedException e) {
                            // This epoch is not kept; the model is the last finished one's, or the best one's.
                            throw e.withWeightsFrom(stopper == null ? epoch : stopper.weightsIfEndedAfter(epoch));
                        }
                        int finished = epoch + 1;
                        // restoreBest keeps its word at the last epoch too: the checkpoint written
                        // next, which the model is read from, holds the best epoch's parameters.
                        int weightsFrom = earlyStop != null ? (earlyStop.restoredBest() ? earlyStop.bestEpoch() : finished)
                                : finished == spec.epochs() && stopper != null ? stopper.runFinished(finished) : finished;
                        if (stopper != null && stopper.restoresBest()) {
                            observer.bestEpochSoFar(stopper.weightsIfEndedAfter(finished));
                        }
                        observer.epochFinished(metrics, out -> state.write(finished, out));
                        if (earlyStop != null || finished == spec.epochs()) {
                            return new TrainingResult(false, finished, earlyStop, weightsFrom);
                        }
                    }
                }
                // Resumed from the checkpoint of the last epoch: its parameters are already the final ones.
                return new TrainingResult(false, spec.epochs(), null, stopper == null ? spec.epochs() : stopper.runFinished(spec.epochs()));
            }
        }
    }

    private static ParameterAverage average(TrainingSpec spec, PairList<String, Parameter> parameters, NDManager manager) {
        if (spec.weightAveraging() == null) {
            return null;
        }
        List<NDArray> values = parameters.values().stream().map(Parameter::getArray).toList();
        return spec.weightAveraging().definition().create(spec.weightAveraging().params(), values, manager);
    }

    /**
     * Builds the network under {@link EngineLock}: initialization draws from the engine's global
     * generator, seeded here, so no other run may draw in between.
     */
    private Network initialized(TrainingSpec spec, int features, int outputs, NDManager manager) {
        EngineLock.lock();
        try {
            engine.setRandomSeed((int) spec.seed());
            return NetworkBuilder.build(spec.layers(), spec.init(), features, outputs, manager);
        } finally {
            EngineLock.unlock();
        }
    }

    /** Mean loss term and accuracy of the network in evaluation mode (dropout off). */
    static Evaluation evaluate(Block network, ParameterStore store, LossFunction loss, NDArray features, NDArray labels, int classes, NDManager parent) {
        long rows = features.getShape().get(0);
        try (NDManager scope = parent.newSubManager()) {
            NDArray lossSum = scope.zeros(new Shape(), DataType.FLOAT64);
            NDArray correct = scope.zeros(new Shape(), DataType.INT64);
            long terms = 0;
            for (long from = 0; from < rows; from += EVALUATION_CHUNK) {
                try (NDManager chunk = scope.newSubManager()) {
                    NDIndex range = new NDIndex("{}:{}", from, Math.min(rows, from + EVALUATION_CHUNK));
                    NDArray x = features.get(chunk, range);
                    NDArray y = labels.get(chunk, range);
                    NDArray output = loss.output(network.forward(store, new NDList(x), false).singletonOrThrow());
                    NDArray elements = loss.elements(output, y);
                    lossSum.addi(elements.sum());
                    terms += elements.size();
                    if (classes > 0) {
                        correct.addi(output.argMax(1).eq(y).sum());
                    }
                }
            }
            Double accuracy = classes > 0 ? correct.getLong() / (double) rows : null;
            return new Evaluation(lossSum.getDouble() / terms, accuracy);
        }
    }

    record Evaluation(double loss, Double accuracy) {}

    private static List<TrainableParameter> gradients(PairList<String, Parameter> parameters, NDManager batch) {
        List<TrainableParameter> list = new ArrayList<>(parameters.size());
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            NDArray value = parameter.getArray();
            NDArray gradient = attach(value.getGradient(), batch);
            list.add(new TrainableParameter(entry.getKey(), value, gradient, parameter.getType() == Parameter.Type.BIAS));
        }
        return list;
    }

    static long epochSeed(long seed, int epoch) {
        return (seed * 1_000_003L + epoch * 7_919L) & 0x7fffffffL;
    }

    private static int[] shuffle(int n, Random random) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }

    /** The shared dataset arrays stay where they are; a copy is made only for another device. */
    private static NDArray onDevice(NDArray array, Device device, NDManager manager) {
        if (array.getDevice().equals(device)) {
            return array;
        }
        return attach(array.toDevice(device, true), manager);
    }

    private static NDArray attach(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }
}
