package io.descent.bench;

import ai.djl.engine.Engine;
import io.descent.dataset.DatasetCatalog;
import io.descent.dataset.DatasetProperties;
import io.descent.dataset.PreparedData;
import io.descent.dataset.ValidationSplit;
import io.descent.system.DjlOffline;
import io.descent.training.DeviceChoice;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingLoop;
import io.descent.training.TrainingObserver;
import io.descent.training.TrainingSpec;
import ai.djl.ndarray.NDManager;
import io.descent.training.catalog.Configured;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import io.descent.training.catalog.Violations;
import io.descent.training.checkpoint.StateInput;
import io.descent.training.checkpoint.StateOutput;
import io.descent.training.optim.OptimizerDefinition;
import io.descent.training.optim.ParameterUpdater;
import io.descent.training.optim.TrainableParameter;
import io.descent.training.checkpoint.StateWriter;
import io.descent.training.loss.Losses;
import io.descent.training.nn.Activations;
import io.descent.training.nn.Initializations;
import io.descent.training.nn.LayerSpec;
import io.descent.training.optim.Optimizers;
import io.descent.training.regularization.Regularization;
import io.descent.training.schedule.Schedules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical Fashion-MNIST job through Descent's training core alone: no Spring, no database,
 * no HTTP, no checkpoints. bench/throughput.py runs it beside the service to measure the service's
 * overhead. Prints one JSON line: per-epoch samples/s and the final test accuracy.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(cat target/bench.classpath) io.descent.bench.DjlAlone [seed] [dir]}
 */
public final class DjlAlone {

    private DjlAlone() {}

    /**
     * The canonical SGD, or with {@code -Ddescent.bench.optimizer=none} one that computes every
     * gradient and updates nothing: the whole time an optimizer step takes, as an upper bound on what
     * fusing the update (flat buffers, one native call) could save. Only for measuring.
     */
    static Configured<OptimizerDefinition> optimizer(Configured<OptimizerDefinition> sgd) {
        if (!"none".equals(System.getProperty("descent.bench.optimizer"))) {
            return sgd;
        }
        OptimizerDefinition none = new OptimizerDefinition() {
            @Override
            public String type() {
                return "none";
            }

            @Override
            public String description() {
                return "no update (benchmark only)";
            }

            @Override
            public List<ParamDef> params() {
                return sgd.definition().params();
            }

            @Override
            public int stateSlots(Params params) {
                return 0;
            }

            @Override
            public ParameterUpdater create(Params params, NDManager manager) {
                return new ParameterUpdater() {
                    @Override
                    public void step(List<TrainableParameter> parameters, double learningRate) {}

                    @Override
                    public void save(StateOutput out) {}

                    @Override
                    public void restore(StateInput in) {}

                    @Override
                    public void close() {}
                };
            }
        };
        return new Configured<>(none, sgd.params());
    }

    public static void main(String[] args) {
        DjlOffline.enforce();
        // As the service does (descent.engine.mkl-feature-dispatch); -Ddescent.bench.mkl=false measures without.
        if (Boolean.parseBoolean(System.getProperty("descent.bench.mkl", "true"))) {
            io.descent.system.MklDispatch.install();
        }
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        Path dir = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
        Violations v = new Violations();
        var relu = Activations.CATALOG.resolve(Map.of("type", "relu"), "", v).orElseThrow();
        TrainingSpec spec = new TrainingSpec(List.of(new LayerSpec(256, relu, 0.2, null), new LayerSpec(256, relu, 0.5, null)),
                Initializations.CATALOG.resolve(Map.of("type", "default"), "", v).orElseThrow(),
                Losses.CATALOG.resolve(Map.of("type", "cross_entropy"), "", v).orElseThrow(),
                optimizer(Optimizers.CATALOG.resolve(Map.of("type", "sgd", "lr", 0.5), "", v).orElseThrow()),
                Schedules.resolve(Map.of("type", "constant"), "", v).orElseThrow(), Regularization.NONE, 10, 256, seed,
                DeviceChoice.parse("cpu"));
        DatasetCatalog catalog = new DatasetCatalog(new DatasetProperties(dir, Path.of("/tmp/descent-bench-datasets"),
                org.springframework.util.unit.DataSize.ofMegabytes(1), 1, 1, org.springframework.util.unit.DataSize.ofGigabytes(1), org.springframework.util.unit.DataSize.ofMegabytes(1)), null, null);
        List<Double> rates = new ArrayList<>();
        String profile = System.getProperty("descent.bench.profile");
        int profiledEpoch = Integer.getInteger("descent.bench.profile.epoch", 2);
        double[] accuracy = new double[1];
        try (PreparedData data = catalog.prepare("fashion-mnist", ValidationSplit.TEST, "none", seed)) {
            new TrainingLoop(Engine.getEngine("PyTorch")).run(spec, data.data(), new TrainingObserver() {
                @Override
                public void epochFinished(EpochMetrics metrics, StateWriter checkpoint) {
                    rates.add(metrics.samplesPerSecond());
                    // -Ddescent.bench.profile=FILE: PyTorch's profiler over one epoch (-Ddescent.bench.profile.epoch, default 2), as a Chrome trace.
                    if (profile != null && metrics.epoch() == profiledEpoch - 1) {
                        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
                    } else if (profile != null && metrics.epoch() == profiledEpoch) {
                        ai.djl.pytorch.jni.JniUtils.stopProfile(profile);
                    }
                    accuracy[0] = metrics.validationAccuracy();
                }

                @Override
                public boolean stopRequested() {
                    return false;
                }
            });
        } finally {
            catalog.close();
        }
        System.out.println("{\"samplesPerSecond\": " + rates + ", \"testAccuracy\": " + accuracy[0] + "}");
    }
}
