package io.descent.preflight;

import io.descent.system.ProblemException;
import org.springframework.http.HttpStatus;

/** A valid spec this node cannot train (it asks for a device the node lacks); a 409. */
class PreflightImpossibleException extends ProblemException {

    PreflightImpossibleException(String message, Throwable cause) {
        super(HttpStatus.CONFLICT, "Preflight not possible on this node", message, cause);
    }
}
