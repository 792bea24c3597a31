package io.descent.job;

import io.descent.dataset.DatasetUsage;
import java.util.List;
import org.springframework.stereotype.Component;

/** A dataset is in use while a queued or running job names it. */
@Component
class DatasetUsageByJobs implements DatasetUsage {

    private final JobRepository jobs;

    DatasetUsageByJobs(JobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public boolean inUse(String datasetId) {
        return jobs.existsByDatasetIdAndStatusIn(datasetId, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }
}
