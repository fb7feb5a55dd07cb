package io.github.gradpath.dsl;

import io.github.gradpath.diag.Pos;

import java.util.List;

/** Right-hand sides as written, before indices are bound. */
public sealed interface Term {
    Pos pos();

    /** {@code u + v + ...}: additive merge (skip connections). */
    record Sum(List<Term> terms, Pos pos) implements Term {
        public Sum { terms = List.copyOf(terms); }
    }

    /** {@code w v}: juxtaposition; the left operand is a parameter. */
    record Product(List<Term> factors, Pos pos) implements Term {
        public Product { factors = List.copyOf(factors); }
    }

    /** {@code a(arg)}: a function applied; the function is not a graph node. */
    record Apply(NameRef function, Term argument, Pos pos) implements Term {}

    /** A use of a node. */
    record Ref(NameRef name, Pos pos) implements Term {}

    /** {@code sum(body for v in lo..hi)}: expanded when indices are bound. */
    record SumOver(Term body, NetworkSpec.ForClause loop, Pos pos) implements Term {}

    /** A constant coefficient written before a term: {@code (1/T)}, {@code (2)}. */
    record Coefficient(Linear numerator, Linear denominator, Pos pos) implements Term {}
}
