package io.descent.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PyTorch's thread pools. Left empty, DJL uses one intra-op thread per core, which measured best on
 * an idle 2-core machine (123k vs 102k samples/s); with the other core busy one thread is best (98k vs
 * 34k): set {@code threads: 1} on a shared VM (docs/benchmarks.md, bench/threads.py).
 *
 * @param threads intra-op threads ({@code ai.djl.pytorch.num_threads}), null for DJL's default
 * @param interopThreads inter-op threads ({@code ai.djl.pytorch.num_interop_threads}), null for DJL's default
 * @param mklFeatureDispatch let libtorch's MKL pick GEMM kernels by CPU features on non-Intel CPUs
 *     ({@link MklDispatch}); false leaves MKL as shipped
 */
@ConfigurationProperties("descent.engine")
public record EngineProperties(Integer threads, Integer interopThreads, @DefaultValue("true") boolean mklFeatureDispatch) {}
