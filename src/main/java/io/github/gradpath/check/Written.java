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
    record Big(boolean product, String symbol, Linear lo, Linear hi, Written body, int offset) implements Written {}

    /** d2l's {@code \\text{prod}(A, B)}: the product of A and B in whichever order their chain connects. */
    record Either(Written a, Written b, int offset) implements Written {}

    /** What the checker cannot read, and where: reported as a "cannot read" finding. */
    class Unreadable extends RuntimeException {
        final int offset;

        Unreadable(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
