package io.descent.dataset;

import org.springframework.stereotype.Component;

/**
 * Makes deleting a dataset and submitting a job on it happen one after the other, on any number of
 * nodes: both lock the dataset's row in their transaction, so a delete sees the job committed just
 * before it (and refuses), and a submission sees the delete committed just before it (and is told
 * the dataset is gone). Built-in datasets have no row and cannot be deleted.
 */
@Component
public class DatasetLocks {

    private final DatasetRecordRepository records;
    private final DatasetCatalog catalog;

    DatasetLocks(DatasetRecordRepository records, DatasetCatalog catalog) {
        this.records = records;
        this.catalog = catalog;
    }

    /**
     * In the caller's transaction: keeps the dataset from being deleted until that transaction
     * ends, waiting for a delete in progress to finish first.
     *
     * @return false when the dataset no longer exists
     */
    public boolean holdForJob(String id) {
        return catalog.isBuiltIn(id) || records.lockById(id).isPresent();
    }
}
