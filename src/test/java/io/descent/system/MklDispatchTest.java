package io.descent.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.descent.support.Tensors;
import org.junit.jupiter.api.Test;

class MklDispatchTest {

    @Test
    void isVisibleToLibrariesLoadedAfterItOnLinuxX8664() {
        assumeThat(System.getProperty("os.name")).containsIgnoringCase("linux");
        assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
        assumeThat(MklDispatch.class.getResource("/native/linux-x86_64/libdescent_mkl.so")).as("built with gcc").isNotNull();
        assertThat(MklDispatch.install()).isTrue();
        assertThat(MklDispatch.install()).as("idempotent").isTrue();
    }

    /**
     * The switch must tell the truth: on, on a CPU MKL has fast kernels for, MKL's own report must
     * name one of them, not its generic path (which one vendor check left uncovered caused on Zen 4).
     */
    @Test
    void whenTheSwitchIsOnMklReportsAFastInstructionSetOnACpuWithAvx2OrAvx512() {
        assumeThat(MklDispatch.class.getResource("/native/linux-x86_64/libdescent_mkl.so")).as("built with gcc").isNotNull();
        assertThat(MklDispatch.install()).isTrue();
        try (NDManager manager = Tensors.newManager()) {
            // libtorch, and with it MKL, is loaded by now.
            manager.ones(new Shape(4, 4)).matMul(manager.ones(new Shape(4, 4))).toFloatArray();
        }
        String processor = MklDispatch.processor().orElseThrow(() -> new AssertionError("MKL's report could not be read"));
        assumeThat(MklDispatch.cpuHasAvx2OrAvx512()).as("a CPU with AVX2 or AVX-512").isTrue();
        assertThat(processor).doesNotStartWith(MklDispatch.GENERIC).containsAnyOf("AVX2", "AVX-512", "Advanced Vector Extensions");
    }

    @Test
    void matrixProductsStayCorrectWithTheFastKernels() {
        MklDispatch.install();
        try (NDManager manager = Tensors.newManager()) {
            int m = 67;
            int k = 131;
            int n = 45;
            NDArray a = manager.randomUniform(-1f, 1f, new Shape(m, k), DataType.FLOAT32);
            NDArray b = manager.randomUniform(-1f, 1f, new Shape(k, n), DataType.FLOAT32);
            float[] product = a.matMul(b).toFloatArray();
            float[] x = a.toFloatArray();
            float[] y = b.toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0;
                    for (int t = 0; t < k; t++) {
                        exact += (double) x[i * k + t] * y[t * n + j];
                    }
                    assertThat((double) product[i * n + j]).isCloseTo(exact, org.assertj.core.api.Assertions.within(1e-4));
                }
            }
        }
    }
}
