package io.descent.training.checkpoint;

import java.io.InputStream;

/**
 * Where to continue a run: after {@code epoch} (1-based), from the state in {@code state}, which
 * the caller opened and closes.
 */
public record ResumePoint(int epoch, InputStream state) {}
