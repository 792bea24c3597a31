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
        if (!visible) {
            log.info("MKL feature dispatch: library loaded but not visible to libtorch; off");
        }
        // When visible, report() says what MKL chose, once libtorch is loaded.
        return visible;
    }

    /** Whether symbol lookup from libraries loaded later finds the override (implemented in C). */
    static native boolean globallyVisible();

    /** MKL's report of the instruction set it uses, once libtorch is loaded; null when it cannot be read (implemented in C). */
    static native String mklProcessor();

    /** What MKL's generic path calls itself in its report. */
    static final String GENERIC = "Intel(R) Architecture processors";

    /**
     * The instruction set MKL reports it chose (e.g. "Intel(R) Advanced Vector Extensions 512 ..."),
     * after libtorch has loaded; empty where the library is not loaded (another OS, no gcc at build
     * time, or the switch off) or MKL's report cannot be read.
     */
    public static synchronized java.util.Optional<String> processor() {
        if (installed == null || !installed) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(mklProcessor());
    }

    /** Whether this CPU has AVX2 or AVX-512, which MKL has fast kernels for (from /proc/cpuinfo's flags). */
    static boolean cpuHasAvx2OrAvx512() {
        try {
            String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
            return flags.contains(" avx2") || flags.contains(" avx512f");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Logs what MKL chose once libtorch has loaded, and warns when the switch is on but MKL still
     * takes its generic path on a CPU it has fast kernels for (a vendor check this override misses).
     */
    public static void report() {
        if (installed == null || !installed) {
            return;
        }
        String processor = mklProcessor();
        if (processor == null) {
            log.info("MKL feature dispatch: on; MKL's report of its instruction set could not be read");
        } else if (processor.startsWith(GENERIC) && cpuHasAvx2OrAvx512()) {
            log.warn("MKL feature dispatch: on, but MKL reports its generic path (\"{}\") on a CPU with AVX2/AVX-512; GEMMs run slow", processor);
        } else {
            log.info("MKL feature dispatch: on; MKL reports \"{}\"", processor);
        }
    }
}
