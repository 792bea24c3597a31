package io.descent.job;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.descent.job.spec.JobSpec;
import io.descent.training.EpochMetrics;
import io.descent.training.TrainingResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Converts stored jobs to snapshots, and specs to and from their stored JSON. */
@Component
class JobSnapshots {

    private final JsonMapper json;
    /** Parsed specs of the jobs polled most; a miss costs one parse. */
    private final Cache<java.util.UUID, JobSpec> specs = Caffeine.newBuilder().maximumSize(1024).build();
    /** Map keys sorted: two requests with the same content in another field order read the same. */
    private final JsonMapper canonical;

    JobSnapshots(JsonMapper json) {
        this.json = json;
        this.canonical = json.rebuild().enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    }

    /** The request as compared for idempotency: same content, same text. */
    String canonicalJson(Object value) {
        return canonical.writeValueAsString(value);
    }

    String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    ModelInfo modelInfo(String text) {
        return json.readValue(text, ModelInfo.class);
    }

    /** A job's spec never changes after submission; parsing it once per job keeps polls cheap. */
    JobSpec spec(Job job) {
        return specs.get(job.getId(), id -> json.readValue(job.getSpecJson(), JobSpec.class));
    }

    JobSnapshot of(Job job, EpochMetrics latest) {
        return of(job, latest, null);
    }

    JobSnapshot of(Job job, EpochMetrics latest, java.util.List<Integer> checkpointEpochs) {
        JobSpec spec = spec(job);
        Object batch = spec.batchSize();
        String mode = "full".equals(batch) ? "batch" : Integer.valueOf(1).equals(batch) ? "stochastic" : "mini-batch";
        JobSnapshot.JobError error = job.getErrorType() == null ? null
                : new JobSnapshot.JobError(job.getErrorType(), job.getErrorMessage(), job.getErrorEpoch());
        TrainingResult.EarlyStop earlyStop = job.getEarlyStoppingJson() == null ? null
                : json.readValue(job.getEarlyStoppingJson(), TrainingResult.EarlyStop.class);
        // Until training finishes, the model is the latest checkpoint's: the last finished epoch.
        Integer weightsFrom = job.getWeightsFromEpoch() != null ? job.getWeightsFromEpoch()
                : job.getCompletedEpochs() > 0 ? Integer.valueOf(job.getCompletedEpochs()) : null;
        return new JobSnapshot(job.getId(), job.getName(), job.getStatus(), spec, mode, job.getCreatedAt(), job.getStartedAt(),
                job.getFinishedAt(), job.getCompletedEpochs(), job.getTotalEpochs(), latest, error, earlyStop, weightsFrom, job.getNode(),
                job.getResumedFromEpoch(), checkpointEpochs, job.getVersion(), trial(job), job.getStopReason(), job.getOwner());
    }

    @SuppressWarnings("unchecked")
    private JobSnapshot.Trial trial(Job job) {
        if (job.getStudyId() == null) {
            return null;
        }
        java.util.Map<String, Object> params = json.readValue(job.getTrialParamsJson(), java.util.LinkedHashMap.class);
        return new JobSnapshot.Trial(job.getStudyId(), job.getTrialNumber(), job.getTrialStage(), params);
    }
}
