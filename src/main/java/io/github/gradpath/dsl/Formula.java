package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;

import java.util.List;

/** A right-hand side with every index bound: what a node computes from other nodes. */
public sealed interface Formula {
    Pos pos();

    record Sum(List<Formula> terms, Pos pos) implements Formula {
        public Sum { terms = List.copyOf(terms); }
    }

    /** Juxtaposition {@code w v}: a matrix (the parameter, leftmost) times what follows. */
    record Product(List<Formula> factors, Pos pos) implements Formula {
        public Product { factors = List.copyOf(factors); }
    }

    /** A named function applied elementwise; {@code function} names it ({@code a_0}, {@code F_1}). */
    record Apply(NodeId function, Formula argument, Pos pos) implements Formula {}

    record Ref(NodeId node, Pos pos) implements Formula {}
}
