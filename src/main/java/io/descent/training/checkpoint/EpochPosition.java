package io.descent.training.checkpoint;

import java.io.IOException;

/**
 * Where a run stopped inside an epoch, with what the epoch had summed so far, so that resuming
 * there trains the remaining batches and reports the epoch exactly as an uninterrupted run would.
 *
 * @param step batches of the epoch already trained (at least 1)
 * @param lossSum the sum of the per-element training losses so far
 * @param correct correctly classified training rows so far (0 for regression)
 * @param lossTerms how many loss elements {@code lossSum} adds up
 * @param trainNanos time spent on the epoch so far, for its duration and throughput
 * @param dropoutDraws random numbers each dropout layer has drawn in the epoch, to continue its sequence
 */
public record EpochPosition(int step, double lossSum, long correct, long lossTerms, long trainNanos, long[] dropoutDraws) {

    void write(StateOutput out) throws IOException {
        out.writeInt(step);
        out.writeDouble(lossSum);
        out.writeLong(correct);
        out.writeLong(lossTerms);
        out.writeLong(trainNanos);
        out.writeInt(dropoutDraws.length);
        for (long draws : dropoutDraws) {
            out.writeLong(draws);
        }
    }

    /** Writes the marker of a checkpoint taken between epochs. */
    static void writeNone(StateOutput out) throws IOException {
        out.writeInt(0);
    }

    /** @return null for a checkpoint taken between epochs */
    static EpochPosition read(StateInput in) throws IOException {
        int step = in.readInt();
        if (step == 0) {
            return null;
        }
        if (step < 0) {
            throw new IOException("Checkpoint has a negative batch position");
        }
        double lossSum = in.readDouble();
        long correct = in.readLong();
        long terms = in.readLong();
        long nanos = in.readLong();
        int layers = in.readInt();
        if (layers < 0 || layers > 10_000) {
            throw new IOException("Checkpoint has " + layers + " dropout layers");
        }
        long[] draws = new long[layers];
        for (int i = 0; i < layers; i++) {
            draws[i] = in.readLong();
        }
        return new EpochPosition(step, lossSum, correct, terms, nanos, draws);
    }
}
