package io.descent.job.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolPlanTest {

    @Test
    void autoGivesASingleThreadedTrainerPerCoreOnSmallMachinesAndOneOfTwoThreadsPerTwoCoresOnLarger() {
        assertThat(PoolPlan.of("auto", "auto", 1, 0)).isEqualTo(new PoolPlan(1, 1, 0));
        assertThat(PoolPlan.of("auto", "auto", 2, 0)).isEqualTo(new PoolPlan(2, 1, 0));
        assertThat(PoolPlan.of("AUTO", " auto ", 3, 0)).isEqualTo(new PoolPlan(3, 1, 0));
        assertThat(PoolPlan.of("auto", "auto", 4, 0)).isEqualTo(new PoolPlan(2, 2, 0));
        assertThat(PoolPlan.of("auto", "auto", 16, 0)).isEqualTo(new PoolPlan(8, 2, 0));
    }

    @Test
    void autoGivesOneTrainerPerGpuWithTheCoresSplit() {
        assertThat(PoolPlan.of("auto", "auto", 16, 4)).isEqualTo(new PoolPlan(4, 4, 4));
        assertThat(PoolPlan.of("auto", "auto", 2, 4)).isEqualTo(new PoolPlan(4, 1, 4));
    }

    @Test
    void explicitSettingsWinAndTheOtherSplitsTheCores() {
        assertThat(PoolPlan.of("2", "auto", 2, 0)).isEqualTo(new PoolPlan(2, 1, 0));
        assertThat(PoolPlan.of("auto", "1", 2, 0)).isEqualTo(new PoolPlan(2, 1, 0));
        assertThat(PoolPlan.of("3", "2", 2, 0)).isEqualTo(new PoolPlan(3, 2, 0));
        assertThat(PoolPlan.of("0", "auto", 8, 0).pooled()).isFalse();
        assertThat(PoolPlan.of("1", "auto", 8, 0)).isEqualTo(new PoolPlan(1, 8, 0));
    }

    @Test
    void aValueThatIsNeitherAutoNorANumberInRangeNamesTheSettingAndTheFix() {
        assertThatThrownBy(() -> PoolPlan.of("many", "auto", 2, 0)).hasMessageContaining("descent.worker.processes is \"many\"")
                .hasMessageContaining("auto or a whole number from 0");
        assertThatThrownBy(() -> PoolPlan.of("-1", "auto", 2, 0)).hasMessageContaining("descent.worker.processes");
        assertThatThrownBy(() -> PoolPlan.of("auto", "0", 2, 0)).hasMessageContaining("descent.worker.threads-per-process is \"0\"")
                .hasMessageContaining("from 1");
    }
}
