package io.github.gradpath.derive;

import java.util.List;

/**
 * The neutral expression tree every stage after {@code derive} shares. It knows nothing of output formats:
 * renderers turn it into LaTeX, the checker parses documents into it, the verifier evaluates it.
 *
 * <p>{@link Partial} is always the total derivative (the sum over all paths) unless {@code direct} is set, which
 * marks the Jacobian of a single edge whose endpoints are also joined by other paths.
 */
public sealed interface Expr {

    /** A node as a variable: {@code base} with subscript text ({@code "3"}, {@code "q+1"}, or empty). */
    record Var(String base, String subscript, Role role) implements Expr {}

    enum Role { LOSS, PARAM, INPUT, NODE }

    record Partial(Var numerator, Var denominator, boolean direct) implements Expr {
        public Partial(Var numerator, Var denominator) { this(numerator, denominator, false); }
    }

    /** Matrix product in the written order (Jacobians do not commute). */
    record Product(List<Expr> factors) implements Expr {
        public Product { factors = List.copyOf(factors); }
    }

    record Sum(List<Expr> terms) implements Expr {
        public Sum { terms = List.copyOf(terms); }
    }

    /** The identity ({@code 1}, {@code I}). */
    record One() implements Expr {}

    record Zero() implements Expr {}

    /** {@code \cdots} inside a product: the layer-by-layer chain joining its neighbours. */
    record Cdots() implements Expr {}

    /** A named function applied, for forward-pass rows: {@code a_q(w_q s_q)}. */
    record Apply(Var function, Expr argument) implements Expr {}

    /** Juxtaposition in a forward-pass row: {@code w_q s_q}. */
    record Juxtapose(List<Expr> factors) implements Expr {
        public Juxtapose { factors = List.copyOf(factors); }
    }
}
