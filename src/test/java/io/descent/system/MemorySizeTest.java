package io.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemorySizeTest {

    @Test
    void memoryIsDescribedInTheUnitsOfTheSettings() {
        assertThat(MemorySize.describe(512)).isEqualTo("512 B");
        assertThat(MemorySize.describe(3L << 30)).isEqualTo("3.0 GB");
        assertThat(MemorySize.describe(1536L << 20)).isEqualTo("1.5 GB");
        assertThat(MemorySize.halfOfPhysical()).isPositive();
    }
}
