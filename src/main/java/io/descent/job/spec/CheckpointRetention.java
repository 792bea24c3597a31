package io.descent.job.spec;

import io.descent.training.catalog.Violations;
import java.util.Map;

/**
 * Which of a job's epoch checkpoints outlive the latest {@code descent.checkpoints.keep}: with
 * {@code keepEvery} k, those of every k-th epoch and of the last epoch, e.g. to ensemble several
 * epochs of one run. Each kept checkpoint costs its file (parameters and optimizer state) on the
 * checkpoint volume until the job is deleted.
 *
 * @param keepEvery from 1 to the job's epochs; null keeps only the latest ones
 */
public record CheckpointRetention(Integer keepEvery) {

    public static final CheckpointRetention LATEST_ONLY = new CheckpointRetention(null);
    private static final String KEEP_EVERY = "keepEvery";

    /** The spec's {@code checkpoints} object checked against its epochs; each problem is added to {@code violations}. */
    static CheckpointRetention resolve(Map<String, Object> json, int epochs, Violations violations) {
        if (json == null) {
            return LATEST_ONLY;
        }
        boolean ok = true;
        for (String key : json.keySet()) {
            if (!key.equals(KEEP_EVERY)) {
                violations.add("/checkpoints/" + key, "checkpoints has no parameter \"" + key + "\"; it accepts: " + KEEP_EVERY + ".");
                ok = false;
            }
        }
        Object value = json.get(KEEP_EVERY);
        if (value == null) {
            return LATEST_ONLY;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1 || ((Number) value).longValue() > epochs) {
            violations.add("/checkpoints/" + KEEP_EVERY, "\"" + KEEP_EVERY + "\" must be an integer from 1 to the job's epochs (" + epochs
                    + "): the checkpoint of every k-th epoch is kept; got " + value + ".");
            return LATEST_ONLY;
        }
        return ok ? new CheckpointRetention(((Number) value).intValue()) : LATEST_ONLY;
    }

    /** The retention of a stored (canonical) spec. */
    public static CheckpointRetention of(JobSpec canonical) {
        Object value = canonical.checkpoints() == null ? null : canonical.checkpoints().get(KEEP_EVERY);
        return value instanceof Number n ? new CheckpointRetention(n.intValue()) : LATEST_ONLY;
    }

    /** The canonical form: null when only the latest checkpoints are kept. */
    Map<String, Object> toJson() {
        return keepEvery == null ? null : Map.of(KEEP_EVERY, keepEvery);
    }

    /**
     * @param latest the newest finished epoch
     * @param keep how many of the newest checkpoints are kept anyway ({@code descent.checkpoints.keep})
     * @param totalEpochs the epochs the job trains for
     */
    public boolean keeps(int epoch, int latest, int keep, int totalEpochs) {
        return epoch > latest - keep || keepEvery != null && (epoch % keepEvery == 0 || epoch == totalEpochs);
    }
}
