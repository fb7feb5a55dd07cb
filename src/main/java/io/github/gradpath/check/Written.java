package io.github.gradpath.check;

import io.github.gradpath.dsl.Linear;

import java.util.List;

/**
 * A side of a gradient row as written in the document, before it is bound to a network: derivatives, products,
 * sums, scalars and {@code \cdots}. Offsets point into the math text, so findings can give the document line.
 */
sealed interface Written {
    int offset();

    /**
     * A variable as written: base ({@code h}, {@code theta}) and subscripts, each an integer-linear expression in
     * the network's index symbols ({@code q+1}) or a literal label ({@code w_y}); {@code text} is the subscript as
     * written, for messages.
     */
    record Var(String base, List<Linear> subs, String text, int offset) {
        String display() {
            if (text.isEmpty()) return base;
            return base + "_" + (text.length() == 1 ? text : "{" + text + "}");
        }
    }

    /** {@code ∂num/∂den}: the total derivative, or the single edge when {@code direct}. */
    record Part(Var num, Var den, boolean direct, int offset) implements Written {
        String display() {
            return "∂" + num.display() + "/∂" + den.display();
        }
    }

    /** Factors in the written order; {@code \cdots} stays a factor until it is bound. */
    record Prod(List<Written> factors, int offset) implements Written {
        public Prod { factors = List.copyOf(factors); }
    }

    record Sum(List<Written> terms, int offset) implements Written {
        public Sum { terms = List.copyOf(terms); }
    }

    /** {@code 0}, {@code 1} ({@code I}: the identity) or another whole number. */
    record Num(long value, int offset) implements Written {}

    record Dots(int offset) implements Written {}

    /** {@code \\frac{1}{T}}: a ratio of index expressions, a number once the indices have values. */
    record Ratio(Linear numerator, Linear denominator, int offset) implements Written {}

    /** A scalar coefficient: {@code \\frac{1}{2}} or a Greek scalar {@code \\lambda} ({@code symbol}, else empty). */
    record Coef(long numerator, long denominator, String symbol, int offset) implements Written {}

    /**
     * {@code ∂f(x_t, h_{t-1}, w_h)/∂w_h}: the partial of the function that defines a node with respect to one of
     * its arguments, which is the single edge from that node to the argument whatever the convention.
     */
    record Call(Var function, List<Var> args, Var den, int offset) implements Written {
        public Call { args = List.copyOf(args); }

        String display() {
            StringBuilder sb = new StringBuilder("∂").append(function.display()).append('(');
            for (int i = 0; i < args.size(); i++) sb.append(i > 0 ? ", " : "").append(args.get(i).display());
            return sb.append(")/∂").append(den.display()).toString();
        }
    }

    /**
     * {@code \\sum_{t=1}^{T} body} or {@code \\prod_{j=i+1}^{t} body} over a bound index, bounds inclusive; a
     * bound is null when none is written ({@code \\sum_t}: every value at which the body names nodes).
     */
    /**
     * {@code open}: a ∏ whose body opens no bracket and stops before index-free factors of the same product, which a
     * reader may also take as the body ({@code \\prod_j \\operatorname{diag}(a'(z_j)) W}); see {@link Repairs#extended}.
     */
    record Big(boolean product, String symbol, Linear lo, Linear hi, Written body, int offset, boolean open) implements Written {
        Big(boolean product, String symbol, Linear lo, Linear hi, Written body, int offset) {
            this(product, symbol, lo, hi, body, offset, false);
        }
    }

    /** d2l's {@code \\text{prod}(A, B)}: the product of A and B in whichever order their chain connects. */
    record Either(Written a, Written b, int offset) implements Written {}

    // Explicit values inside a chain (read by Explicit, judged by Values with random matrices).

    /** A node's or weight's own value written as a factor: {@code W}, {@code w_j}, {@code h_t} (then often transposed). */
    record Value(Var var, int offset) implements Written {}

    /** {@code X^\top}, {@code X^T}, {@code X^{\mathsf T}}. */
    record Trans(Written operand, int offset) implements Written {}

    /** {@code \operatorname{diag}(v)}. */
    record DiagOf(Written operand, int offset) implements Written {}

    /** {@code a \odot b \odot ...}. */
    record Had(List<Written> factors, int offset) implements Written {
        public Had { factors = List.copyOf(factors); }
    }

    /** {@code \sigma'(z)}, {@code a_n'(z_n)}: the derivative of the function the network applies to {@code arg}. */
    record Prime(Var function, Var arg, int offset) implements Written {}

    /** {@code -x} in a sum ({@code 1 - t}). */
    record Neg(Written operand, int offset) implements Written {}

    /** {@code (W^\top)^{T-i}}: a repeated factor, the exponent an index expression. */
    record Power(Written base, Linear exponent, int offset) implements Written {}

    /**
     * A matrix environment: a concatenation's block selector ({@code \begin{bmatrix} 1 \\ 0 \end{bmatrix}}: numbers
     * stand for identity and zero blocks) or a concatenation of values; cells row by row, {@code text} as written.
     */
    record Block(List<List<Written>> cells, String text, int offset) implements Written {
        public Block { cells = cells.stream().map(List::copyOf).toList(); }
    }

    /** The sub-sides of an explicit-value node (none for the others: their walkers know them). */
    static List<Written> children(Written w) {
        if (w instanceof Trans t) return List.of(t.operand());
        if (w instanceof DiagOf d) return List.of(d.operand());
        if (w instanceof Neg n) return List.of(n.operand());
        if (w instanceof Power p) return List.of(p.base());
        if (w instanceof Had h) return h.factors();
        if (w instanceof Block b) return b.cells().stream().flatMap(List::stream).toList();
        return List.of();
    }

    /** Whether index {@code symbol} occurs in a name {@code w} writes (not under a sum or product that binds it). */
    static boolean mentions(Written w, String symbol) {
        java.util.ArrayDeque<Written> stack = new java.util.ArrayDeque<>();
        stack.push(w);
        while (!stack.isEmpty()) {
            Written x = stack.pop();
            List<Var> vs = new java.util.ArrayList<>();
            if (x instanceof Part p) { vs.add(p.num()); vs.add(p.den()); }
            else if (x instanceof Value v) vs.add(v.var());
            else if (x instanceof Prime p) vs.add(p.arg());
            else if (x instanceof Call c) { vs.addAll(c.args()); vs.add(c.den()); vs.add(c.function()); }
            else if (x instanceof Prod p) p.factors().forEach(stack::push);
            else if (x instanceof Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Either e) { stack.push(e.a()); stack.push(e.b()); }
            else if (x instanceof Big b && !b.symbol().equals(symbol)) stack.push(b.body());
            else if (x instanceof Power p && p.exponent().coeffs().containsKey(symbol)) return true;
            else children(x).forEach(stack::push);
            for (Var v : vs) for (Linear l : v.subs()) if (l.coeffs().containsKey(symbol)) return true;
        }
        return false;
    }

    /** Whether {@code w} holds an explicit value anywhere (then its row is judged with matrices). */
    static boolean explicit(Written w) {
        java.util.ArrayDeque<Written> stack = new java.util.ArrayDeque<>();
        stack.push(w);
        while (!stack.isEmpty()) {
            Written x = stack.pop();
            if (x instanceof Value || x instanceof Trans || x instanceof DiagOf || x instanceof Had || x instanceof Prime
                    || x instanceof Neg || x instanceof Power || x instanceof Block) return true;
            if (x instanceof Prod p) p.factors().forEach(stack::push);
            else if (x instanceof Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Big b) stack.push(b.body());
            else if (x instanceof Either e) { stack.push(e.a()); stack.push(e.b()); }
        }
        return false;
    }

    /** What the checker cannot read, and where: reported as a "cannot read" finding. */
    class Unreadable extends RuntimeException {
        final int offset;

        Unreadable(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
