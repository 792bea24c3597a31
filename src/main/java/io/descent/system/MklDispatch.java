package io.descent.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Intel MKL inside libtorch choose its GEMM kernels by CPU features on every vendor's
 * CPU (see {@code src/main/native/mkl_dispatch.c}). On this project's AMD EPYC, MKL otherwise
 * runs its generic path: float32 GEMM at the reference network's shapes goes from 155 to 365-380
 * GFLOP/s on 2 threads and the training core from ~89k to ~146k samples/s (docs/benchmarks.md).
 *
 * <p>Must run before DJL loads libtorch. Linux x86-64 only, and only when the build could compile
 * the library (it needs gcc); everywhere else this is a logged no-op and MKL behaves as shipped.
 */
public final class MklDispatch {

    private static final Logger log = LoggerFactory.getLogger(MklDispatch.class);
    private static final String RESOURCE = "/native/linux-x86_64/libdescent_mkl.so";
    private static volatile Boolean installed;

    private MklDispatch() {}

    /** Loads the library once per JVM; true when MKL now sees the override. */
    public static synchronized boolean install() {
        if (installed == null) {
            installed = load();
        }
        return installed;
    }

    private static boolean load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            log.info("MKL feature dispatch: not applicable on {} {}", os, arch);
            return false;
        }
        try (InputStream in = MklDispatch.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                log.warn("MKL feature dispatch: {} is not in this build (gcc was missing when it was built); "
                        + "GEMMs run MKL's vendor-chosen path, which is slower on non-Intel CPUs", RESOURCE);
                return false;
            }
            Path file = Files.createTempFile("descent-mkl-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
        } catch (IOException | UnsatisfiedLinkError e) {
            log.warn("MKL feature dispatch: could not load the library ({}); GEMMs run MKL's vendor-chosen path", e.toString());
            return false;
        }
        boolean visible = globallyVisible();
        log.info("MKL feature dispatch: {}", visible ? "on (kernels chosen by CPU features)" : "library loaded but not visible to libtorch; off");
        return visible;
    }

    /** Whether symbol lookup from libraries loaded later finds the override (implemented in C). */
    static native boolean globallyVisible();
}
