package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.dsl.Linear;

import java.util.List;

/**
 * An {@link Expr} whose subscripts are index expressions ({@code q+1}, {@code k}) and which may hold a run: a
 * factor repeated {@code count} times, each repetition shifting every subscript by {@code step}. A run is what a
 * textbook writes {@code a \times \cdots \times b}; keeping its count symbolic lets it be evaluated at any binding,
 * including one where it is empty.
 */
sealed interface SymExpr {
    record V(String base, List<Linear> indices, Expr.Role role) implements SymExpr {
        public V { indices = List.copyOf(indices); }
    }

    record D(V num, V den, boolean direct) implements SymExpr {}

    record Prod(List<SymExpr> factors) implements SymExpr {
        public Prod { factors = List.copyOf(factors); }
    }

    record Add(List<SymExpr> terms) implements SymExpr {
        public Add { terms = List.copyOf(terms); }
    }

    record One() implements SymExpr {}

    record Zero() implements SymExpr {}

    /** {@code first}, then {@code count - 1} more copies each shifted by {@code step}; {@code showLast} says whether
     * the last copy is written after the {@code \cdots} (not when the next factor visibly continues the chain). */
    record Run(SymExpr first, long step, Linear count, boolean showLast) implements SymExpr {}

    record Ap(V function, SymExpr argument) implements SymExpr {}

    record Jx(List<SymExpr> factors) implements SymExpr {
        public Jx { factors = List.copyOf(factors); }
    }
}
