package io.descent.support;

/** Small job specs that train in well under a second per epoch on the shipped subset. */
public final class Specs {

    private Specs() {}

    public static String tiny(int epochs) {
        return """
                {"name": "tiny", "dataset": {"id": "fashion-mnist-small", "validation": 0.2},
                 "model": {"layers": [{"type": "dense", "units": 32, "activation": "relu", "dropout": 0.1}]},
                 "loss": {"type": "cross_entropy"}, "optimizer": {"type": "sgd", "lr": 0.3, "momentum": 0.5},
                 "epochs": %d, "batchSize": 128, "seed": 7}
                """.formatted(epochs);
    }
}
