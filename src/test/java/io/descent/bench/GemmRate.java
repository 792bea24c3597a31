package io.descent.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.descent.system.DjlOffline;
import io.descent.system.MklDispatch;

/**
 * Float32 GEMM GFLOP/s of libtorch's MKL (as Descent runs it, with {@link MklDispatch}) at the
 * eight GEMM shapes of one batch-256 step of the reference network; the best of five timings.
 * bench/throughput.py takes the larger of this and NumPy/OpenBLAS as the CPU's GEMM rate.
 * Prints MKL's report of the instruction set it uses ({@code mkl processor: ...}), then one number,
 * the rate. Threads: {@code -Dai.djl.pytorch.num_threads}.
 */
public final class GemmRate {

    private GemmRate() {}

    public static void main(String[] args) {
        DjlOffline.enforce();
        if (Boolean.parseBoolean(System.getProperty("descent.bench.mkl", "true"))) {
            MklDispatch.install();
        }
        int[][] shapes = {{256, 784, 256}, {256, 256, 256}, {256, 256, 10}, // forward
            {784, 256, 256}, {256, 256, 256}, {256, 256, 10}, // weight gradients
            {256, 10, 256}, {256, 256, 256}}; // input gradients of layers 2 and 3
        try (NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch")) {
            NDArray[][] operands = new NDArray[shapes.length][];
            double flops = 0;
            for (int i = 0; i < shapes.length; i++) {
                int[] s = shapes[i];
                operands[i] = new NDArray[] {manager.randomUniform(0, 1, new Shape(s[0], s[1]), DataType.FLOAT32),
                    manager.randomUniform(0, 1, new Shape(s[1], s[2]), DataType.FLOAT32)};
                flops += 2.0 * s[0] * s[1] * s[2];
            }
            double best = 0;
            for (int round = 0; round < 6; round++) {
                long start = System.nanoTime();
                for (int repeat = 0; repeat < 100; repeat++) {
                    for (NDArray[] ab : operands) {
                        ab[0].matMul(ab[1]).close();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round > 0) { // the first round warms up
                    best = Math.max(best, 100 * flops / seconds);
                }
            }
            System.out.println("mkl processor: " + MklDispatch.processor().orElse("unknown (feature dispatch off or report unreadable)"));
            System.out.println(best / 1e9);
        }
    }
}
