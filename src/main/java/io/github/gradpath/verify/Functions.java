package io.github.gradpath.verify;

import java.util.Locale;

/**
 * The real functions behind the names a network uses. Activations are chosen by the base of the function's name
 * ({@code tanh}, {@code sigmoid}/{@code sigma}, {@code softplus}, {@code relu}, {@code identity}); any other name
 * ({@code a_n}, {@code F_l}, ...) stands for an unspecified smooth function and gets {@code tanh}. The loss is
 * chosen by the base of the loss's name: {@code sum} is {@code Σ y_i}, {@code mse} is {@code (1/n) Σ y_i²},
 * {@code logsumexp} is {@code log Σ exp y_i}; any other name ({@code L}, {@code E}, {@code J}, ...) is
 * {@code ½‖y‖²}.
 */
enum Functions {
    TANH("tanh"), SIGMOID("sigmoid"), SOFTPLUS("softplus"), RELU("relu"), IDENTITY("identity"), EXP("exp"),
    LOG("log"), SOFTMAX("softmax (full Jacobian diag(s) - s s^T)");

    final String text;

    Functions(String text) { this.text = text; }

    /** The activation for a function base name, and whether the name was recognised. */
    static Functions activation(String base) {
        return switch (base) {
            case "tanh" -> TANH;
            case "sigmoid", "sigma" -> SIGMOID;
            case "softplus" -> SOFTPLUS;
            case "relu" -> RELU;
            case "identity" -> IDENTITY;
            case "exp" -> EXP;
            case "log" -> LOG;
            case "softmax" -> SOFTMAX;
            default -> TANH;
        };
    }

    static boolean known(String base) {
        return switch (base) {
            case "tanh", "sigmoid", "sigma", "softplus", "relu", "identity", "exp", "log", "softmax" -> true;
            default -> false;
        };
    }

    double value(double z) {
        return switch (this) {
            case TANH -> Tanh.tanh(z); // StrictMath.tanh, bit for bit, without the native call
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case SOFTPLUS -> z > 30 ? z : Math.log1p(Math.exp(z));
            case RELU -> z > 0 ? z : 0;
            case IDENTITY -> z;
            case EXP -> Math.exp(z);
            case LOG -> Math.log(z); // NaN below 0: the verifier reports it, never passes it
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
        };
    }

    double derivative(double z) {
        return switch (this) {
            case TANH -> {
                double t = Math.tanh(z);
                yield 1 - t * t;
            }
            case SIGMOID -> {
                double s = 1 / (1 + Math.exp(-z));
                yield s * (1 - s);
            }
            case SOFTPLUS -> 1 / (1 + Math.exp(-z));
            case RELU -> z > 0 ? 1 : 0;
            case IDENTITY -> 1;
            case EXP -> Math.exp(z);
            case LOG -> z > 0 ? 1 / z : Double.NaN;
            case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
        };
    }

    /** Whether the Jacobian is diagonal; softmax's is not ({@code ∂s_i/∂z_j = s_i (δ_ij - s_j)}). */
    boolean elementwise() { return this != SOFTMAX; }

    double[] apply(double[] z) {
        if (this == SOFTMAX) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : z) m = Math.max(m, v);
            double sum = 0;
            double[] r = new double[z.length];
            for (int i = 0; i < z.length; i++) sum += r[i] = Math.exp(z[i] - m);
            for (int i = 0; i < z.length; i++) r[i] /= sum;
            return r;
        }
        double[] r = new double[z.length];
        for (int i = 0; i < z.length; i++) r[i] = value(z[i]);
        return r;
    }

    /** As {@link #apply}, but into {@code z} itself (a fresh array no one else holds) where the function is elementwise. */
    double[] applyInPlace(double[] z) {
        if (this == SOFTMAX) return apply(z);
        if (this == TANH) { // nearly every step of a deep network: no switch per entry
            for (int i = 0; i < z.length; i++) z[i] = Tanh.tanh(z[i]);
            return z;
        }
        for (int i = 0; i < z.length; i++) z[i] = value(z[i]);
        return z;
    }

    /** The Jacobian at {@code z} times {@code inner}: {@code J(z) · inner}. */
    Mat chain(double[] z, Mat inner) {
        if (elementwise()) return inner.scaleRows(derivative(z));
        double[] s = apply(z);
        Mat j = new Mat(z.length, z.length);
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < z.length; k++) j.a[i * z.length + k] = s[i] * ((i == k ? 1 : 0) - s[k]);
        }
        return j.times(inner);
    }

    double[] derivative(double[] z) {
        double[] r = new double[z.length];
        for (int i = 0; i < z.length; i++) r[i] = derivative(z[i]);
        return r;
    }

    /** The scalar losses. */
    enum Loss {
        HALF_SQUARED_NORM("1/2 |v|^2"), SUM("sum_i v_i"), MSE("(1/n) sum_i v_i^2"), LOGSUMEXP("log sum_i exp v_i");

        final String text;

        Loss(String text) { this.text = text; }

        static Loss of(String base) {
            return switch (base.toLowerCase(Locale.ROOT)) {
                case "sum" -> SUM;
                case "mse" -> MSE;
                case "logsumexp" -> LOGSUMEXP;
                default -> HALF_SQUARED_NORM;
            };
        }

        double value(double[] y) {
            double s = 0;
            switch (this) {
                case HALF_SQUARED_NORM -> { for (double v : y) s += v * v / 2; }
                case SUM -> { for (double v : y) s += v; }
                case MSE -> { for (double v : y) s += v * v / y.length; }
                case LOGSUMEXP -> {
                    double m = Double.NEGATIVE_INFINITY;
                    for (double v : y) m = Math.max(m, v);
                    for (double v : y) s += Math.exp(v - m);
                    s = m + Math.log(s);
                }
            }
            return s;
        }

        /** The gradient as a row: the 1 × n Jacobian of the loss. */
        double[] gradient(double[] y) {
            double[] g = new double[y.length];
            switch (this) {
                case HALF_SQUARED_NORM -> { for (int i = 0; i < y.length; i++) g[i] = y[i]; }
                case SUM -> java.util.Arrays.fill(g, 1);
                case MSE -> { for (int i = 0; i < y.length; i++) g[i] = 2 * y[i] / y.length; }
                case LOGSUMEXP -> {
                    double l = value(y);
                    for (int i = 0; i < y.length; i++) g[i] = Math.exp(y[i] - l);
                }
            }
            return g;
        }
    }
}
