package io.descent.training;

/**
 * Where a run is inside an epoch.
 *
 * @param epoch the epoch in progress, from 1
 * @param batch batches of it trained so far
 * @param runningLoss the mean loss term of those batches
 * @param samplesPerSecond the epoch's pace so far
 * @param secondsPerBatch the same pace per batch
 */
public record Progress(int epoch, int batch, int batches, double runningLoss, double samplesPerSecond, double secondsPerBatch) {}
