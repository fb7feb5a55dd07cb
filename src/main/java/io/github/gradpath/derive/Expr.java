package io.github.gradpath.derive;

import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.NodeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one neutral expression tree every stage after {@code derive} shares: the core derives into it, the symbolic
 * stage folds it (runs, Σ, ∏ over index expressions), renderers turn it into LaTeX, the checker and the verifier
 * evaluate it. It knows nothing of output formats.
 *
 * <p>Subscripts are index expressions ({@link Linear}: {@code 3}, {@code q+1}, {@code t-1}), or a literal label
 * ({@code w_y}, {@code W_{hh}}). A concrete expression has constant indices only; a symbolic one has symbols,
 * some of them bound by an enclosing {@link SumOver} or {@link ProductOver}. {@link Exprs#at} expands a symbolic
 * expression at a binding into the concrete one it stands for.
 *
 * <p>{@link Partial} is always the total derivative (the sum over all paths) unless {@code direct} is set, which
 * marks the Jacobian of a single edge whose endpoints are also joined by other paths.
 *
 * <p>The records most compared write {@code equals} and {@code hashCode} out: a record's generated ones are
 * bootstrapped through {@code invokedynamic} on first use, which costs more than a short run's whole derivation.
 */
public sealed interface Expr {

    /**
     * A node as a variable: {@code base} with index expressions ({@code h_{q+1}}, {@code h_{n,t}}) or a literal
     * label ({@code w_y}). Index positions are dropped so that equal names are equal records.
     */
    record Var(String base, List<Linear> indices, String label, Role role) implements Expr {
        private static final Pattern INTEGERS = Pattern.compile("-?[0-9]+(,-?[0-9]+)*");

        public Var {
            Objects.requireNonNull(base);
            label = label == null ? "" : label;
            List<Linear> clean = new ArrayList<>(indices.size());
            for (Linear l : indices) clean.add(Exprs.noPos(l));
            indices = List.copyOf(clean);
        }

        /**
         * From subscript text as a person writes it: comma-separated integers are indices ({@code "3"},
         * {@code "1,2"}); anything else is a literal label ({@code "y"}, {@code "hh"}).
         */
        public Var(String base, String subscript, Role role) {
            this(base, integers(subscript), isIntegers(subscript) ? "" : subscript, role);
        }

        public Var(String base, List<Linear> indices, Role role) { this(base, indices, "", role); }

        /** A graph node's name. */
        public static Var of(NodeId id, Role role) {
            List<Linear> idx = new ArrayList<>(id.indices().size());
            for (long x : id.indices()) idx.add(Exprs.constant(x));
            return new Var(id.base(), idx, id.label(), role);
        }

        /** Subscript text: the label, else the indices as LaTeX writes them ({@code "q+1"}, {@code "1,2"}). */
        public String subscript() {
            if (!label.isEmpty()) return label;
            if (indices.isEmpty()) return "";
            StringBuilder sb = new StringBuilder();
            for (Linear l : indices) {
                if (sb.length() > 0) sb.append(',');
                sb.append(Exprs.tex(l));
            }
            return sb.toString();
        }

        @Override public boolean equals(Object o) {
            return o instanceof Var v && role == v.role && base.equals(v.base) && label.equals(v.label)
                    && indices.equals(v.indices);
        }

        @Override public int hashCode() {
            return ((base.hashCode() * 31 + label.hashCode()) * 31 + indices.hashCode()) * 31 + role.hashCode();
        }

        private static boolean isIntegers(String s) { return s != null && INTEGERS.matcher(s).matches(); }

        private static List<Linear> integers(String s) {
            if (!isIntegers(s)) return List.of();
            List<Linear> out = new ArrayList<>();
            for (String p : s.split(",")) out.add(Exprs.constant(Long.parseLong(p)));
            return out;
        }
    }

    enum Role { LOSS, PARAM, INPUT, NODE }

    record Partial(Var numerator, Var denominator, boolean direct) implements Expr {
        public Partial(Var numerator, Var denominator) { this(numerator, denominator, false); }
        @Override public boolean equals(Object o) {
            return o instanceof Partial p && direct == p.direct && numerator.equals(p.numerator)
                    && denominator.equals(p.denominator);
        }
        @Override public int hashCode() {
            return (numerator.hashCode() * 31 + denominator.hashCode()) * 31 + Boolean.hashCode(direct);
        }
    }

    /** Matrix product in the written order (Jacobians do not commute). */
    record Product(List<Expr> factors) implements Expr {
        public Product { factors = List.copyOf(factors); }
        @Override public boolean equals(Object o) { return o instanceof Product p && factors.equals(p.factors); }
        @Override public int hashCode() { return factors.hashCode(); }
    }

    record Sum(List<Expr> terms) implements Expr {
        public Sum { terms = List.copyOf(terms); }
        @Override public boolean equals(Object o) { return o instanceof Sum s && terms.equals(s.terms); }
        @Override public int hashCode() { return terms.hashCode() + 1; }
    }

    /** The identity ({@code 1}, {@code I}). */
    record One() implements Expr {
        @Override public boolean equals(Object o) { return o instanceof One; }
        @Override public int hashCode() { return 1; }
    }

    record Zero() implements Expr {
        @Override public boolean equals(Object o) { return o instanceof Zero; }
        @Override public int hashCode() { return 0; }
    }

    /** {@code \cdots} inside a product: the layer-by-layer chain joining its neighbours. */
    record Cdots() implements Expr {
        @Override public boolean equals(Object o) { return o instanceof Cdots; }
        @Override public int hashCode() { return 2; }
    }

    /**
     * {@code first}, then {@code count - 1} more copies each shifted by {@code step}: what a textbook writes
     * {@code a \times \cdots \times b}. The count stays symbolic, so the run can be expanded at any binding,
     * including one where it is empty. {@code showLast} says whether the last copy is written after the
     * {@code \cdots} (not when the next factor visibly continues the chain).
     */
    record Run(Expr first, long step, Linear count, boolean showLast) implements Expr {
        public Run { count = Exprs.noPos(count); }
    }

    /** A named function applied, for forward-pass rows: {@code a_q(w_q s_q)}. */
    record Apply(Var function, Expr argument) implements Expr {}

    /** Juxtaposition in a forward-pass row: {@code w_q s_q}. */
    record Juxtapose(List<Expr> factors) implements Expr {
        public Juxtapose { factors = List.copyOf(factors); }
    }

    /** {@code \sum_{index=from}^{to} body}; empty (0) when {@code to < from}. */
    record SumOver(String index, Linear from, Linear to, Expr body) implements Expr {
        public SumOver {
            from = Exprs.noPos(from);
            to = Exprs.noPos(to);
        }
    }

    /**
     * {@code \prod_{index=from}^{to} body} in the chain's order, the factor nearest the loss first: the copy at
     * {@code to}, then {@code to-1}, down to {@code from}. So {@code \prod_{j=k+1}^{t} ∂h_j/∂h_{j-1}} is
     * {@code ∂h_t/∂h_{t-1} × ⋯ × ∂h_{k+1}/∂h_k}. Empty (the identity) when {@code to < from}.
     */
    record ProductOver(String index, Linear from, Linear to, Expr body) implements Expr {
        public ProductOver {
            from = Exprs.noPos(from);
            to = Exprs.noPos(to);
        }
    }

    /**
     * An exact rational scalar {@code numerator / denominator}, each an index expression so that a coefficient
     * such as {@code 1/T} stays exact at symbolic length. Constant parts are reduced by their gcd.
     */
    record Constant(Linear numerator, Linear denominator) implements Expr {
        public Constant {
            numerator = Exprs.noPos(numerator);
            denominator = Exprs.noPos(denominator);
            if (numerator.isConstant() && denominator.isConstant()) {
                long n = numerator.constant(), d = denominator.constant();
                if (d == 0) throw new ArithmeticException("a constant with denominator 0");
                long g = gcd(Math.abs(n), Math.abs(d));
                if (d < 0) g = -g;
                numerator = Exprs.constant(n / g);
                denominator = Exprs.constant(d / g);
            }
        }

        public static Constant of(long value) { return new Constant(Exprs.constant(value), Exprs.constant(1)); }

        public static Constant of(long numerator, long denominator) {
            return new Constant(Exprs.constant(numerator), Exprs.constant(denominator));
        }

        private static long gcd(long a, long b) {
            while (b != 0) { long t = a % b; a = b; b = t; }
            return a == 0 ? 1 : a;
        }
    }

    /** A named scalar ({@code λ} written {@code lambda}, a regularizer's weight). */
    record Symbol(String name) implements Expr {}

    /** {@code X^\top}. */
    record Transpose(Expr operand) implements Expr {}

    /** {@code \operatorname{diag}(x)}: the diagonal matrix of a vector. */
    record Diag(Expr operand) implements Expr {}

    /** Elementwise product {@code a ⊙ b ⊙ ...}. */
    record Hadamard(List<Expr> factors) implements Expr {
        public Hadamard { factors = List.copyOf(factors); }
    }

    /** {@code -x}. */
    record Negate(Expr operand) implements Expr {}

    /** A function's derivative applied: {@code a_n'(z)}. */
    record Derivative(Var function, Expr argument) implements Expr {}

    /** {@code [u; v; ...]} in a forward-pass row: the parts stacked into one vector. */
    record Concat(List<Expr> parts) implements Expr {
        public Concat { parts = List.copyOf(parts); }
    }
}
