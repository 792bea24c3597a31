package io.descent.training;

/** The training loss became NaN or infinite; training cannot continue meaningfully. */
public class TrainingDivergedException extends RuntimeException {

    private final int epoch;

    public TrainingDivergedException(int epoch, double loss) {
        super("The loss became " + loss + " in epoch " + epoch
                + "; lower the learning rate, clip gradients or check the data's scale.");
        this.epoch = epoch;
    }

    /** 1-based epoch in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }
}
