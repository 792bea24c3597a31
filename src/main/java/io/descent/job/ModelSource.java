package io.descent.job;

import java.nio.file.Path;

/**
 * Where a job's trained weights are: its latest checkpoint (the last finished epoch, or the best
 * one when early stopping restored it), with what is needed to use them.
 */
public record ModelSource(JobSnapshot job, ModelInfo info, Path checkpoint, int epoch) {}
