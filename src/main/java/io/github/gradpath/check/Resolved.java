package io.github.gradpath.check;

import java.util.List;

/** A side bound to one network instance: node ids instead of names, {@code \cdots} replaced by what it stands for. */
sealed interface Resolved {
    /** {@code ∂a/∂b}, the sum over all paths ({@code a == b}: the identity); {@code no} is its written position. */
    record Total(int a, int b, String text, int no) implements Resolved {}

    /** The single edge {@code a -> b}. */
    record Direct(int a, int b, String text, int no) implements Resolved {}

    /** The one path a {@code \cdots} stands for, node by node from the top. */
    record Chain(int[] path) implements Resolved {}

    record Prod(List<Resolved> factors) implements Resolved {
        public Prod { factors = List.copyOf(factors); }
    }

    record Sum(List<Resolved> terms) implements Resolved {
        public Sum { terms = List.copyOf(terms); }
    }

    record Num(long value) implements Resolved {}

    /** {@code numerator/denominator}, times the network's scalar {@code symbol} when not empty. */
    record Coef(long numerator, long denominator, String symbol) implements Resolved {}

    // Explicit values: judged by Values with random matrices, never by the path polynomial of Evaluator.

    record Value(int node) implements Resolved {}

    record Trans(Resolved operand) implements Resolved {}

    record Diag(Resolved operand) implements Resolved {}

    record Had(List<Resolved> factors) implements Resolved {
        public Had { factors = List.copyOf(factors); }
    }

    /**
     * {@code f'(arg)}: {@code function} as written, for messages; {@code arg} the node it is applied to, or -1 and
     * {@code owner} the node whose formula applies it ({@code a_6'(z_6)} of an expanded derivation).
     */
    record Prime(String function, int arg, int owner) implements Resolved {}

    record Neg(Resolved operand) implements Resolved {}

    /** {@code δ}: the loss's gradient by the pre-activation of node {@code owner = a(z)} ({@link Deltas}). */
    record Delta(int owner) implements Resolved {}

    /** A block matrix: a concatenation's selector or a concatenation of values ({@link Blocks} sizes it). */
    record Block(List<List<Resolved>> cells, String text) implements Resolved {
        public Block { cells = cells.stream().map(List::copyOf).toList(); }
    }
}
