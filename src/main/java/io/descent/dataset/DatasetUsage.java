package io.descent.dataset;

/** Whether a queued or running job uses a dataset; the job feature answers, so a dataset in use is not deleted. */
public interface DatasetUsage {

    boolean inUse(String datasetId);
}
