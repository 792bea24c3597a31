package io.descent.dataset;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

public class DatasetNotFoundException extends ProblemException {

    public DatasetNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "Dataset not found", "No dataset with id " + id + "; list datasets with GET /api/v1/datasets.");
    }
}
