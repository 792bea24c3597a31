package io.descent.dataset;

/**
 * Which samples a job validates on: the dataset's test split, none, or a seeded fraction carved
 * out of the training split (those samples are then not trained on).
 */
public record ValidationSplit(Kind kind, double fraction) {

    public enum Kind { TEST, NONE, FRACTION }

    public static final ValidationSplit TEST = new ValidationSplit(Kind.TEST, 0);
    public static final ValidationSplit NONE = new ValidationSplit(Kind.NONE, 0);

    public static ValidationSplit fraction(double fraction) {
        return new ValidationSplit(Kind.FRACTION, fraction);
    }

    /** The JSON form: "test", "none" or the fraction. */
    public Object toJson() {
        return switch (kind) {
            case TEST -> "test";
            case NONE -> "none";
            case FRACTION -> fraction;
        };
    }
}
