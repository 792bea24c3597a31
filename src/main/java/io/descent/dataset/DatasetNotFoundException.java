package io.descent.dataset;

public class DatasetNotFoundException extends RuntimeException {

    public DatasetNotFoundException(String id) {
        super("No dataset with id " + id + "; list datasets with GET /api/v1/datasets.");
    }
}
