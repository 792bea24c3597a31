package io.descent.training.checkpoint;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a run's complete state after an epoch to a stream the caller owns. */
@FunctionalInterface
public interface StateWriter {

    void writeTo(OutputStream out) throws IOException;
}
