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
