package io.github.gradpath.derive;

import java.util.List;

/** One row of a derivation block. */
public sealed interface Row {

    /**
     * {@code lhs = rhs_1 = rhs_2 ...}: later right-hand sides open up the earlier ones. {@code condition}, when not
     * empty, says for which indices the row holds (used by symbolic case definitions).
     */
    record Equation(Expr lhs, List<Expr> rhs, String condition) implements Row {
        public Equation {
            rhs = List.copyOf(rhs);
        }

        public Equation(Expr lhs, Expr rhs) { this(lhs, List.of(rhs), ""); }
    }

    /** A {@code \vdots} row: rows elided between its neighbours. */
    record Vdots() implements Row {}
}
