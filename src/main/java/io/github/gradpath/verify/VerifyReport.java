package io.github.gradpath.verify;

import io.github.gradpath.derive.Form;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of checking one derivation: one line per row (a gradient, or the definition of a named factor),
 * each with the number of paths its derivative sums over and the largest relative error of its right-hand sides
 * against central differences. {@code problem} is set when a row could not be evaluated at all, which fails it.
 */
public record VerifyReport(String network, Form form, double tolerance, List<Line> lines, String problem) {
    public VerifyReport {
        lines = List.copyOf(lines);
    }

    /** {@code label}: the target ({@code w_3}) for a gradient, {@code ∂u/∂v} for a named factor. */
    public record Line(String label, boolean gradient, BigInteger paths, double maxRelativeError, String problem,
                       double referenceError) {
        public Line(String label, boolean gradient, BigInteger paths, double maxRelativeError, String problem) {
            this(label, gradient, paths, maxRelativeError, problem, 0);
        }

        public boolean passed(double tolerance) { return problem == null && maxRelativeError <= tolerance; }

        /**
         * Over the tolerance, but the finite differences themselves are not trusted to the tolerance (their own
         * error estimate is as large): neither right nor wrong can be said, and the row is reported undecided.
         */
        public boolean undecided(double tolerance) {
            return problem == null && maxRelativeError > tolerance && referenceError > tolerance / 10;
        }
    }

    public long undecided() {
        return lines.stream().filter(l -> l.undecided(tolerance)).count();
    }

    public boolean passed() {
        return problem == null && lines.stream().allMatch(l -> l.passed(tolerance));
    }

    public double maxRelativeError() {
        double m = 0;
        for (Line l : lines) m = Math.max(m, l.maxRelativeError());
        return m;
    }

    /** A table, plain text, deterministic: the form, then target, paths and error per row. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(form.name().toLowerCase(Locale.ROOT)).append(" form\n");
        if (problem != null) sb.append("  FAILED: ").append(problem).append('\n');
        int w = "target".length(), p = "paths".length();
        for (Line l : lines) {
            w = Math.max(w, l.label().length());
            p = Math.max(p, l.paths().toString().length());
        }
        sb.append("  ").append(pad("target", w)).append("  ").append(left("paths", p)).append("  max rel error\n");
        boolean definitions = false;
        for (Line l : lines) {
            if (!l.gradient() && !definitions) {
                definitions = true;
                sb.append("  named factors:\n");
            }
            sb.append("  ").append(pad(l.label(), w)).append("  ").append(left(l.paths().toString(), p)).append("  ");
            if (l.problem() != null) sb.append("FAILED: ").append(l.problem());
            else {
                sb.append(error(l.maxRelativeError()));
                if (l.undecided(tolerance)) {
                    sb.append("  UNDECIDED (the finite differences are reliable only to ")
                            .append(error(l.referenceError())).append(" here)");
                } else if (!l.passed(tolerance)) {
                    sb.append("  FAILED");
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * An error as the table prints it: two significant digits, {@code 3.1e-12}; the same text as
     * {@code String.format(Locale.ROOT, "%.1e", e)}, which it was until a report's first {@code String.format} was
     * seen to cost 25–70 ms of a one-second run (the {@link java.util.Formatter}, its patterns and the locale's
     * symbols, loaded and set up once). Like the formatter it rounds the shortest decimal digits of {@code e}
     * (those of {@link Double#toString}) half up; between {@code 1e-5} and {@code 1e8}, where {@code toString} may
     * give one digit fewer than the formatter's conversion does, the formatter itself is asked.
     * {@code VerifyReportTest} compares the two on millions of values.
     */
    public static String error(double e) {
        if (Double.isNaN(e)) return "NaN";
        if (Double.isInfinite(e)) return "inf";
        double a = Math.abs(e);
        if (a >= 1e-5 && a < 1e8) return String.format(Locale.ROOT, "%.1e", e);
        String sign = Double.compare(e, 0.0) < 0 ? "-" : "";
        if (a == 0) return sign + "0.0e+00";
        String s = Double.toString(a); // d.ddddE-n here: outside [1e-3, 1e7)
        int ePos = s.indexOf('E');
        int exp = Integer.parseInt(s.substring(ePos + 1));
        int d0 = s.charAt(0) - '0';
        int d1 = s.length() > 2 && s.charAt(2) != 'E' ? s.charAt(2) - '0' : 0;
        int d2 = ePos > 3 ? s.charAt(3) - '0' : 0;
        if (d2 >= 5 && ++d1 == 10) { // half up on the third digit, carrying
            d1 = 0;
            if (++d0 == 10) {
                d0 = 1;
                exp++;
            }
        }
        int x = Math.abs(exp);
        return sign + d0 + "." + d1 + "e" + (exp < 0 ? "-" : "+") + (x < 10 ? "0" : "") + x;
    }

    /** Pads by code points, so {@code ∂} counts as one column. */
    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.codePointCount(0, s.length())));
    }

    private static String left(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
