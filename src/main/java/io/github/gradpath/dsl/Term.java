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

    /** {@code u * v}: elementwise product (a gate). */
    record Hadamard(List<Term> factors, Pos pos) implements Term {
        public Hadamard { factors = List.copyOf(factors); }
    }

    /** {@code [u; v; ...]}: concatenation; an {@link Ellipsis} part stands for the parts between its neighbours. */
    record Concat(List<Term> parts, Pos pos) implements Term {
        public Concat { parts = List.copyOf(parts); }
    }

    /** {@code ...} inside a concatenation. */
    record Ellipsis(Pos pos) implements Term {}

    /** A numeral, exact: {@code 0.5} is {@code 1/2}. */
    record Number(long numerator, long denominator, Pos pos) implements Term {}

    /** {@code -u}: a negated term of a sum. */
    record Negate(Term operand, Pos pos) implements Term {}
}
