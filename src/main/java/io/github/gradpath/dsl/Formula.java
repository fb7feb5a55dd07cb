package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;

import java.util.List;

/** A right-hand side with every index bound: what a node computes from other nodes. */
public sealed interface Formula {
    Pos pos();

    /** Visits every sub-formula, {@code root} first, with an explicit stack (no recursion). */
    static void walk(Formula root, java.util.function.Consumer<Formula> visit) {
        java.util.ArrayDeque<Formula> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Formula f = stack.pop();
            visit.accept(f);
            if (f instanceof Sum s) s.terms().forEach(stack::push);
            else if (f instanceof Product p) p.factors().forEach(stack::push);
            else if (f instanceof Apply a) stack.push(a.argument());
        }
    }

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
