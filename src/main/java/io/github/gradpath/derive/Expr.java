package io.github.gradpath.derive;

import java.util.List;

/**
 * The neutral expression tree every stage after {@code derive} shares. It knows nothing of output formats:
 * renderers turn it into LaTeX, the checker parses documents into it, the verifier evaluates it.
 *
 * <p>{@link Partial} is always the total derivative (the sum over all paths) unless {@code direct} is set, which
 * marks the Jacobian of a single edge whose endpoints are also joined by other paths.
 *
 * <p>The records most compared write {@code equals} and {@code hashCode} out: a record's generated ones are
 * bootstrapped through {@code invokedynamic} on first use, which costs more than a short run's whole derivation.
 */
public sealed interface Expr {

    /** A node as a variable: {@code base} with subscript text ({@code "3"}, {@code "q+1"}, or empty). */
    record Var(String base, String subscript, Role role) implements Expr {
        @Override public boolean equals(Object o) {
            return o instanceof Var v && base.equals(v.base) && subscript.equals(v.subscript) && role == v.role;
        }
        @Override public int hashCode() { return (base.hashCode() * 31 + subscript.hashCode()) * 31 + role.hashCode(); }
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

    /** A named function applied, for forward-pass rows: {@code a_q(w_q s_q)}. */
    record Apply(Var function, Expr argument) implements Expr {}

    /** Juxtaposition in a forward-pass row: {@code w_q s_q}. */
    record Juxtapose(List<Expr> factors) implements Expr {
        public Juxtapose { factors = List.copyOf(factors); }
    }
}
