package io.descent.training.trajectory;

import io.descent.training.catalog.Catalog;
import io.descent.training.catalog.ParamDef;
import io.descent.training.catalog.Params;
import java.util.List;

/** The test functions of the classic optimizer pictures, with analytic gradients. */
public final class Functions {

    public static final Catalog<FunctionDefinition> CATALOG = new Catalog<>("function", List.of(
            new Definition("quadratic", "Σ aᵢ·xᵢ² with the given coefficients, e.g. [0.1, 2.0]",
                    List.of(ParamDef.numbers("coefficients", "one coefficient aᵢ per coordinate")), Functions::quadratic),
            new Definition("rosenbrock", "(a − x)² + b·(y − x²)², minimum at (a, a²)",
                    List.of(ParamDef.number("a", "a").defaultsTo(1.0), ParamDef.number("b", "b").defaultsTo(100.0)), Functions::rosenbrock),
            new Definition("beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum at (3, 0.5)",
                    List.of(), p -> new Beale())));

    private Functions() {}

    private record Definition(String type, String description, List<ParamDef> params, java.util.function.Function<Params, TestFunction> factory)
            implements FunctionDefinition {
        @Override
        public TestFunction create(Params values) {
            return factory.apply(values);
        }

        @Override
        public void check(Params values, String pointer, io.descent.training.catalog.Violations violations) {
            if (values.has("coefficients") && (values.numbers("coefficients").length == 0 || values.numbers("coefficients").length > 16)) {
                violations.add(pointer + "/coefficients", "Give 1 to 16 coefficients, one per coordinate.");
            }
        }
    }

    private static TestFunction quadratic(Params p) {
        double[] a = p.numbers("coefficients");
        return new TestFunction() {
            @Override
            public int dimensions() {
                return a.length;
            }

            @Override
            public double value(double[] x) {
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    sum += a[i] * x[i] * x[i];
                }
                return sum;
            }

            @Override
            public double[] gradient(double[] x) {
                double[] g = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    g[i] = 2 * a[i] * x[i];
                }
                return g;
            }
        };
    }

    private static TestFunction rosenbrock(Params p) {
        double a = p.number("a");
        double b = p.number("b");
        return new TestFunction() {
            @Override
            public int dimensions() {
                return 2;
            }

            @Override
            public double value(double[] v) {
                double x = v[0];
                double y = v[1];
                return (a - x) * (a - x) + b * (y - x * x) * (y - x * x);
            }

            @Override
            public double[] gradient(double[] v) {
                double x = v[0];
                double y = v[1];
                return new double[] {-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)};
            }
        };
    }

    private static final class Beale implements TestFunction {
        @Override
        public int dimensions() {
            return 2;
        }

        @Override
        public double value(double[] v) {
            double[] t = terms(v[0], v[1]);
            return t[0] * t[0] + t[1] * t[1] + t[2] * t[2];
        }

        @Override
        public double[] gradient(double[] v) {
            double x = v[0];
            double y = v[1];
            double[] t = terms(x, y);
            double dx = 2 * t[0] * (y - 1) + 2 * t[1] * (y * y - 1) + 2 * t[2] * (y * y * y - 1);
            double dy = 2 * t[0] * x + 2 * t[1] * 2 * x * y + 2 * t[2] * 3 * x * y * y;
            return new double[] {dx, dy};
        }

        private static double[] terms(double x, double y) {
            return new double[] {1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y};
        }
    }
}
