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

    /**
     * {@code \sum_{index=from}^{to} body} or, when {@code product}, {@code \prod_{index=from}^{to} body}: a sum's
     * body runs to the end of its term; a product's body is one factor, multiplied in the chain's order (the copy at
     * {@code to} first). Empty: 0 and the identity.
     */
    record Big(boolean product, String index, Linear from, Linear to, Written body, int offset) implements Written {}

    /** What the checker cannot read, and where: reported as a "cannot read" finding. */
    final class Unreadable extends RuntimeException {
        final int offset;

        Unreadable(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
