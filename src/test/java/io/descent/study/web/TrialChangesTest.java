package io.descent.study.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.study.StudyLive;
import io.descent.study.StudySnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The trial events a study stream derives from two reads of a trial. */
class TrialChangesTest {

    private static final UUID JOB = UUID.randomUUID();

    private static StudyLive.Series trial(String status, int epochs) {
        return new StudyLive.Series(new StudySnapshot.Trial(JOB, 1, 0, status, Map.of(), epochs == 0 ? null : 0.5, epochs, null, null),
                Collections.nCopies(epochs, 0.5));
    }

    @Test
    void eachStepOfATrialIsOneChange() {
        assertThat(StudyStreams.changes(null, trial("QUEUED", 0))).containsExactly("queued");
        assertThat(StudyStreams.changes(trial("QUEUED", 0), trial("RUNNING", 0))).containsExactly("started");
        assertThat(StudyStreams.changes(trial("RUNNING", 0), trial("RUNNING", 1))).containsExactly("epoch");
        assertThat(StudyStreams.changes(trial("RUNNING", 1), trial("RUNNING", 1))).isEmpty();
        assertThat(StudyStreams.changes(trial("RUNNING", 1), trial("SUCCEEDED", 2))).containsExactly("epoch", "finished");
        assertThat(StudyStreams.changes(trial("RUNNING", 1), trial("PRUNED", 1))).containsExactly("pruned");
        assertThat(StudyStreams.changes(trial("RUNNING", 1), trial("FAILED", 1))).containsExactly("failed");
        assertThat(StudyStreams.changes(trial("QUEUED", 0), trial("CANCELLED", 0))).containsExactly("cancelled");
    }

    @Test
    void whatHappenedBetweenTwoReadsIsToldInOrder() {
        assertThat(StudyStreams.changes(null, trial("RUNNING", 0))).containsExactly("queued", "started");
        assertThat(StudyStreams.changes(trial("QUEUED", 0), trial("SUCCEEDED", 2))).containsExactly("started", "epoch", "finished");
        assertThat(StudyStreams.changes(null, trial("SUCCEEDED", 2))).containsExactly("queued", "started", "epoch", "finished");
        // Its node was lost: back on the queue, to resume from its checkpoint.
        assertThat(StudyStreams.changes(trial("RUNNING", 1), trial("QUEUED", 1))).containsExactly("queued");
    }
}
