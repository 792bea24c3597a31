package io.descent.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.training.EpochMetrics;
import io.descent.training.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The samplers, the narrowing, the boundary warnings and the pruners, on their own. */
class SearchTest {

    private static final Objective MAX_ACCURACY = new Objective(Monitor.VALIDATION_ACCURACY, true, true);

    private static SearchSpace space(String pointer, Distribution d) {
        TreeMap<String, Distribution> m = new TreeMap<>();
        m.put(pointer, d);
        return new SearchSpace(m);
    }

    @Test
    void logUniformSamplesAreUniformInTheExponent() {
        SearchSpace space = space("/optimizer/lr", new Distribution.LogUniform(1e-4, 1));
        int[] decades = new int[4];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double lr = (Double) space.sample(3, 0, i).get("/optimizer/lr");
            assertThat(lr).isBetween(1e-4, 1.0);
            decades[(int) Math.min(3, Math.floor(Math.log10(lr) + 4))]++;
        }
        // Each factor of ten gets a quarter of the samples (a linear sampler would put 90 % in the last).
        for (int count : decades) {
            assertThat(count / (double) n).isBetween(0.23, 0.27);
        }
    }

    @Test
    void theSameSeedStageAndIndexGiveTheSameParametersAndOthersDiffer() {
        TreeMap<String, Distribution> m = new TreeMap<>();
        m.put("/optimizer/lr", new Distribution.LogUniform(1e-4, 1));
        m.put("/model/layers/0/dropout", new Distribution.Uniform(0, 0.5));
        m.put("/model/layers/0/units", new Distribution.IntRange(16, 512, true));
        m.put("/optimizer/type", new Distribution.Choice(List.of("sgd", "adam")));
        SearchSpace space = new SearchSpace(m);
        assertThat(space.sample(7, 0, 3)).isEqualTo(space.sample(7, 0, 3));
        assertThat(space.sample(7, 0, 3)).isNotEqualTo(space.sample(7, 0, 4));
        assertThat(space.sample(7, 0, 3)).isNotEqualTo(space.sample(8, 0, 3));
        assertThat(space.sample(7, 0, 3)).isNotEqualTo(space.sample(7, 1, 3));
        long units = (Long) space.sample(7, 0, 3).get("/model/layers/0/units");
        assertThat(units).isBetween(16L, 512L);
    }

    @Test
    void intRangesReachBothEnds() {
        SearchSpace space = space("/x", new Distribution.IntRange(1, 3, false));
        java.util.Set<Object> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(space.sample(1, 0, i).get("/x"));
        }
        assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void gridEnumeratesEveryCombination() {
        TreeMap<String, Distribution> m = new TreeMap<>();
        m.put("/a", new Distribution.Choice(List.of(1, 2, 3)));
        m.put("/b", new Distribution.Choice(List.of("x", "y")));
        SearchSpace space = new SearchSpace(m);
        assertThat(space.gridSize()).isEqualTo(6);
        assertThat(space.grid()).hasSize(6).doesNotHaveDuplicates()
                .first().isEqualTo(Map.of("/a", 1, "/b", "x"));
    }

    @Test
    void narrowingKeepsTheSpanOfTheBestInTheirScaleAndTheirChoices() {
        TreeMap<String, Distribution> m = new TreeMap<>();
        m.put("/lr", new Distribution.LogUniform(1e-4, 1));
        m.put("/dropout", new Distribution.Uniform(0, 0.6));
        m.put("/opt", new Distribution.Choice(List.of("sgd", "adam", "rmsprop")));
        SearchSpace narrowed = Narrowing.narrow(new SearchSpace(m), List.of(
                Map.of("/lr", 0.01, "/dropout", 0.2, "/opt", "adam"),
                Map.of("/lr", 0.1, "/dropout", 0.4, "/opt", "sgd")));
        assertThat(narrowed.dimensions().get("/lr")).isEqualTo(new Distribution.LogUniform(0.01, 0.1));
        assertThat(narrowed.dimensions().get("/dropout")).isEqualTo(new Distribution.Uniform(0.2, 0.4));
        assertThat(narrowed.dimensions().get("/opt")).isEqualTo(new Distribution.Choice(List.of("sgd", "adam")));
    }

    @Test
    void aCollapsedSpanKeepsASliverInLogScale() {
        Distribution d = Narrowing.narrow(new Distribution.LogUniform(1e-4, 1), List.of(0.01));
        Distribution.LogUniform l = (Distribution.LogUniform) d;
        // 5 % of four decades on each side: a factor 10^0.2.
        assertThat(l.low()).isCloseTo(0.01 / Math.pow(10, 0.2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(l.high()).isCloseTo(0.01 * Math.pow(10, 0.2), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aBestValueOnTheEdgeOfItsRangeIsReported() {
        TreeMap<String, Distribution> m = new TreeMap<>();
        m.put("/lr", new Distribution.LogUniform(1e-5, 1e-3));
        m.put("/dropout", new Distribution.Uniform(0, 0.6));
        SearchSpace space = new SearchSpace(m);
        // 9e-4 is at 97.7 % of the range in log scale; dropout 0.3 is mid-range.
        List<BoundaryWarnings.Warning> warnings = BoundaryWarnings.of(space, Map.of("/lr", 9e-4, "/dropout", 0.3));
        assertThat(warnings).extracting(BoundaryWarnings.Warning::pointer).containsExactly("/lr");
        assertThat(warnings.get(0).message()).contains("highest 10%").contains("Raise \"high\"").contains("= 0.0009 ")
                .contains("[0.00001, 0.001]");
        // 2e-5 is at 15 % in log scale: not on the edge, although it is in the lowest 10 % linearly.
        assertThat(BoundaryWarnings.of(space, Map.of("/lr", 2e-5, "/dropout", 0.3))).isEmpty();
        assertThat(BoundaryWarnings.of(space, Map.of("/lr", 1e-4, "/dropout", 0.02))).extracting(BoundaryWarnings.Warning::pointer)
                .containsExactly("/dropout");
    }

    /**
     * A hand-worked ASHA run, η = 3, rungs at epochs 1, 3, 9. Trials reach rung 1 in this order with
     * these accuracies: 0.50 (n=1, keep ⌈1/3⌉=1: ranks 1, goes on), 0.40 (n=2, keep 1: ranks 2,
     * stops), 0.60 (n=3, keep 1: ranks 1, goes on), 0.55 (n=4, keep 2: ranks 2, goes on), 0.45
     * (n=5, keep 2: ranks 4, stops), 0.58 (n=6, keep 2: ranks 2, goes on), 0.52 (n=7, keep 3:
     * ranks 4, stops).
     */
    @Test
    void ashaPromotesTheTopThirdOfEachRungAsTrialsArrive() {
        Pruner.Asha asha = new Pruner.Asha(1, 3);
        double[] arrivals = {0.50, 0.40, 0.60, 0.55, 0.45, 0.58, 0.52};
        boolean[] goesOn = {true, false, true, true, false, true, false};
        List<Double> recorded = new ArrayList<>();
        for (int i = 0; i < arrivals.length; i++) {
            assertThat(asha.decide(1, arrivals[i], recorded, MAX_ACCURACY).isEmpty()).as("arrival %d (%.2f)", i, arrivals[i]).isEqualTo(goesOn[i]);
            recorded.add(arrivals[i]);
        }
        assertThat(asha.decide(1, 0.45, List.of(0.5, 0.4, 0.6, 0.55), MAX_ACCURACY).orElseThrow())
                .contains("ranks 4 of 5").contains("top 2");
        // Epochs between rungs are never judged.
        assertThat(asha.isRung(3)).isTrue();
        assertThat(asha.isRung(9)).isTrue();
        assertThat(asha.isRung(2)).isFalse();
        assertThat(asha.decide(2, 0.0, List.of(0.9, 0.9, 0.9), MAX_ACCURACY)).isEmpty();
    }

    @Test
    void ashaOnALossKeepsTheLowest() {
        Objective minLoss = new Objective(Monitor.VALIDATION_LOSS, false, false);
        Pruner.Asha asha = new Pruner.Asha(1, 2);
        assertThat(asha.decide(1, 0.3, List.of(0.5), minLoss)).isEmpty();
        assertThat(asha.decide(1, 0.6, List.of(0.5), minLoss)).isPresent();
    }

    @Test
    void medianStopsATrialWorseThanTheMedianAfterWarmup() {
        Pruner.Median median = new Pruner.Median(1, 3);
        assertThat(median.decide(1, 0.1, List.of(0.5, 0.6, 0.7), MAX_ACCURACY)).as("warm-up").isEmpty();
        assertThat(median.decide(2, 0.1, List.of(0.5, 0.6), MAX_ACCURACY)).as("too few others").isEmpty();
        assertThat(median.decide(2, 0.55, List.of(0.5, 0.6, 0.7), MAX_ACCURACY).orElseThrow()).contains("median 0.6");
        assertThat(median.decide(2, 0.65, List.of(0.5, 0.6, 0.7), MAX_ACCURACY)).isEmpty();
    }

    @Test
    void theObjectiveCountsTheBestOrTheLastEpoch() {
        List<EpochMetrics> epochs = List.of(epoch(1, 0.7), epoch(2, 0.8), epoch(3, 0.75));
        assertThat(MAX_ACCURACY.of(epochs).getAsDouble()).isEqualTo(0.8);
        assertThat(MAX_ACCURACY.after(epochs, 1).getAsDouble()).isEqualTo(0.7);
        assertThat(new Objective(Monitor.VALIDATION_ACCURACY, true, false).of(epochs).getAsDouble()).isEqualTo(0.75);
        assertThat(MAX_ACCURACY.of(List.of())).isEmpty();
    }

    private static EpochMetrics epoch(int n, double accuracy) {
        return new EpochMetrics(n, 0.5, 0.8, 0.5, accuracy, 0.1, 100, 1000, 1.0, 1e-3);
    }
}
