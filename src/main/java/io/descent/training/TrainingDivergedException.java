package io.descent.training;

/** The training loss became NaN or infinite; training cannot continue meaningfully. */
public class TrainingDivergedException extends RuntimeException {

    private final int epoch;
    private final double loss;
    private final int weightsFromEpoch;

    public TrainingDivergedException(int epoch, double loss) {
        this(epoch, loss, epoch - 1);
    }

    private TrainingDivergedException(int epoch, double loss, int weightsFromEpoch) {
        super("The loss became " + loss + " in epoch " + epoch
                + "; lower the learning rate, clip gradients or check the data's scale.");
        this.epoch = epoch;
        this.loss = loss;
        this.weightsFromEpoch = weightsFromEpoch;
    }

    /** The same failure, naming the epoch whose parameters the model holds (the best one with restoreBest). */
    TrainingDivergedException withWeightsFrom(int epoch) {
        return new TrainingDivergedException(this.epoch, loss, epoch);
    }

    /** The finished epoch whose parameters the job's model holds; 0 when none finished. */
    public int weightsFromEpoch() {
        return weightsFromEpoch;
    }

    /** 1-based epoch in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }
}
