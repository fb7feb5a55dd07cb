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
            else if (f instanceof Hadamard h) h.factors().forEach(stack::push);
            else if (f instanceof Concat c) c.parts().forEach(stack::push);
            else if (f instanceof Scale sc) stack.push(sc.operand());
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

    /** {@code u ⊙ v ⊙ ...}: elementwise product, all of one width. */
    record Hadamard(List<Formula> factors, Pos pos) implements Formula {
        public Hadamard { factors = List.copyOf(factors); }
    }

    /** {@code [u; v; ...]}: the parts stacked into one vector, the first on top. */
    record Concat(List<Formula> parts, Pos pos) implements Formula {
        public Concat { parts = List.copyOf(parts); }
    }

    /** {@code c u}: a scalar coefficient times a value ({@code 0.5 h_p}, {@code lambda h_p}, {@code -t}). */
    record Scale(Coefficient coefficient, Formula operand, Pos pos) implements Formula {}

    /** A vector every entry of which is {@code numerator/denominator} ({@code 1} in {@code 1 - t}). */
    record Constant(long numerator, long denominator, Pos pos) implements Formula {}

    /**
     * An exact scalar: {@code numerator/denominator} (reduced, denominator positive) times the named scalars
     * ({@code lambda}), in the order written.
     */
    record Coefficient(long numerator, long denominator, List<String> scalars) {
        public Coefficient {
            if (denominator == 0) throw new ArithmeticException("denominator 0");
            long g = gcd(Math.abs(numerator), Math.abs(denominator));
            if (denominator < 0) g = -g;
            numerator /= g;
            denominator /= g;
            scalars = List.copyOf(scalars);
        }

        public static final Coefficient ONE = new Coefficient(1, 1, List.of());

        /** The product; throws {@link ArithmeticException} when an exact part leaves the long range. */
        public Coefficient times(Coefficient o) {
            List<String> s = new java.util.ArrayList<>(scalars);
            s.addAll(o.scalars);
            long g1 = gcd(Math.abs(numerator), Math.abs(o.denominator)), g2 = gcd(Math.abs(o.numerator), Math.abs(denominator));
            return new Coefficient(Math.multiplyExact(numerator / g1, o.numerator / g2),
                    Math.multiplyExact(denominator / g2, o.denominator / g1), s);
        }

        public boolean isOne() { return numerator == 1 && denominator == 1 && scalars.isEmpty(); }

        private static long gcd(long a, long b) {
            while (b != 0) { long t = a % b; a = b; b = t; }
            return a == 0 ? 1 : a;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!(numerator == 1 && denominator == 1 && !scalars.isEmpty())) {
                sb.append(numerator == -1 && denominator == 1 && !scalars.isEmpty() ? "-" : numerator);
                if (denominator != 1) sb.append('/').append(denominator);
            }
            for (String x : scalars) sb.append(sb.length() == 0 || sb.toString().equals("-") ? "" : " ").append(x);
            return sb.toString();
        }
    }
}
