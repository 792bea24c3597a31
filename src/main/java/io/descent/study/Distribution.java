package io.descent.study;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Where a hyperparameter is drawn from. Numeric distributions have a scale ({@link #log()}): the
 * reference searches learning rates and regularization strengths on a log scale (a learning rate
 * multiplies the gradient, so think in factors) and dropout on a linear one. Narrowing, boundary
 * warnings and sampling all work in that scale.
 */
public sealed interface Distribution {

    /** A value for a job spec: a Double, a Long, or one of the choice's values as given. */
    Object sample(SplittableRandom random);

    /** A distribution whose range is {@code low..high} in this one's scale and kind. */
    sealed interface Numeric extends Distribution {
        double low();

        double high();

        boolean log();

        /** The same kind of distribution over [low, high]. */
        Numeric within(double low, double high);

        /** Where {@code value} lies in [low, high], 0 to 1, in this distribution's scale. */
        default double position(double value) {
            if (high() == low()) {
                return 0.5;
            }
            return log() ? (Math.log(value) - Math.log(low())) / (Math.log(high()) - Math.log(low()))
                    : (value - low()) / (high() - low());
        }
    }

    /** 10^U(log10 low, log10 high): every factor of ten equally likely. */
    record LogUniform(double low, double high) implements Numeric {
        @Override
        public Object sample(SplittableRandom random) {
            return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
        }

        @Override
        public boolean log() {
            return true;
        }

        @Override
        public Numeric within(double low, double high) {
            return new LogUniform(low, high);
        }
    }

    record Uniform(double low, double high) implements Numeric {
        @Override
        public Object sample(SplittableRandom random) {
            return low + random.nextDouble() * (high - low);
        }

        @Override
        public boolean log() {
            return false;
        }

        @Override
        public Numeric within(double low, double high) {
            return new Uniform(low, high);
        }
    }

    /** An integer from {@code from} to {@code to} inclusive; with {@code log}, uniform in log(value) (e.g. layer widths). */
    record IntRange(long from, long to, boolean log) implements Numeric {
        @Override
        public Object sample(SplittableRandom random) {
            if (!log) {
                return from + random.nextLong(to - from + 1);
            }
            // Uniform in log over [from, to + 1) then floored, so each end gets its share.
            double x = Math.exp(Math.log(from) + random.nextDouble() * (Math.log(to + 1.0) - Math.log(from)));
            return Math.max(from, Math.min(to, (long) Math.floor(x)));
        }

        @Override
        public double low() {
            return from;
        }

        @Override
        public double high() {
            return to;
        }

        @Override
        public Numeric within(double low, double high) {
            long a = Math.max(from, (long) Math.floor(low));
            long b = Math.min(to, (long) Math.ceil(high));
            return new IntRange(a, Math.max(a, b), log);
        }
    }

    /** One of {@code values}, each equally likely: numbers, strings or whole objects (an optimizer with its parameters). */
    record Choice(List<Object> values) implements Distribution {
        public Choice {
            values = List.copyOf(values);
        }

        @Override
        public Object sample(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        /** The values that are also in {@code kept}, in this choice's order. */
        public Choice restrictedTo(List<Object> kept) {
            List<Object> left = values.stream().filter(v -> kept.stream().anyMatch(k -> sameValue(k, v))).toList();
            return left.isEmpty() ? this : new Choice(left);
        }

        /** JSON equality: 1 and 1.0 are the same number. */
        static boolean sameValue(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return x.doubleValue() == y.doubleValue();
            }
            return Objects.equals(a, b);
        }
    }
}
