package io.descent.job.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.training.catalog.Violation;
import io.descent.training.catalog.Violations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckpointRetentionTest {

    @Test
    void keepsTheLatestEveryKthAndTheLastEpoch() {
        CheckpointRetention every5 = new CheckpointRetention(5);
        List<Integer> kept = IntStream.rangeClosed(1, 22).filter(e -> every5.keeps(e, 22, 2, 22)).boxed().toList();
        assertThat(kept).containsExactly(5, 10, 15, 20, 21, 22);
        assertThat(IntStream.rangeClosed(1, 12).filter(e -> every5.keeps(e, 12, 1, 13)).boxed().toList())
                .as("mid-run: the last epoch is not reached yet").containsExactly(5, 10, 12);
        assertThat(IntStream.rangeClosed(1, 10).filter(e -> CheckpointRetention.LATEST_ONLY.keeps(e, 10, 2, 10)).boxed().toList())
                .containsExactly(9, 10);
    }

    @Test
    void aValidObjectIsKeptInItsCanonicalForm() {
        Violations violations = new Violations();
        CheckpointRetention retention = CheckpointRetention.resolve(Map.of("keepEvery", 5), 20, violations);
        assertThat(violations.isEmpty()).isTrue();
        assertThat(retention.toJson()).isEqualTo(Map.of("keepEvery", 5));
        assertThat(CheckpointRetention.resolve(null, 20, violations).toJson()).isNull();
        assertThat(CheckpointRetention.resolve(Map.of(), 20, violations).toJson()).isNull();
    }

    @Test
    void everyProblemIsNamedByItsPointer() {
        Violations violations = new Violations();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keepEvery", 21);
        json.put("every", 2);
        CheckpointRetention.resolve(json, 20, violations);
        assertThat(violations.asList()).extracting(Violation::pointer).containsExactly("/checkpoints/every", "/checkpoints/keepEvery");
        assertThat(violations.asList().get(1).message()).contains("from 1 to the job's epochs (20)").contains("got 21");
        for (Object bad : List.of(0, -3, 2.5, "5", true)) {
            Violations v = new Violations();
            CheckpointRetention.resolve(Map.of("keepEvery", bad), 20, v);
            assertThat(v.asList()).as("keepEvery %s", bad).extracting(Violation::pointer).containsExactly("/checkpoints/keepEvery");
        }
    }
}
