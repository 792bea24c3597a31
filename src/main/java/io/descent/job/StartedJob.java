package io.descent.job;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A job a worker is about to train.
 *
 * @param run the run this start took: every later write names it
 * @param resumeEpoch the epoch of the checkpoint to continue from, 0 to start from scratch
 * @param resumeStep batches of epoch {@code resumeEpoch} + 1 already trained, when the checkpoint was taken inside it; else 0
 * @param checkpoint the checkpoint file (verified whole), null when the run starts from scratch
 * @param deadline when the job's maxRuntime runs out, null without one
 */
public record StartedJob(JobSnapshot job, Run run, int resumeEpoch, int resumeStep, Path checkpoint, Instant deadline) {}
