package io.descent.job;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A job a worker is about to train.
 *
 * @param run the run this start took: every later write names it
 * @param resumeEpoch the epoch of the checkpoint to continue from, 0 to start from scratch
 * @param checkpoint the checkpoint file (verified whole), null when {@code resumeEpoch} is 0
 * @param deadline when the job's maxRuntime runs out, null without one
 */
public record StartedJob(JobSnapshot job, Run run, int resumeEpoch, Path checkpoint, Instant deadline) {}
