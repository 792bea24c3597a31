package io.descent.job;

import java.nio.file.Path;

/**
 * A job a worker is about to train.
 *
 * @param resumeEpoch the epoch of the checkpoint to continue from, 0 to start from scratch
 * @param checkpoint the checkpoint file, null when {@code resumeEpoch} is 0
 */
public record StartedJob(JobSnapshot job, int resumeEpoch, Path checkpoint) {}
