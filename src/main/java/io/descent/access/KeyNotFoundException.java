package io.descent.access;

import io.descent.system.ProblemException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

public class KeyNotFoundException extends ProblemException {

    public KeyNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "Key not found", "There is no API key " + id + "; GET /api/v1/keys lists them.");
    }
}
