package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A flipped sign, named: the side with one number's sign changed ({@code -\frac{1}{2}} for {@code \frac{1}{2}}) or
 * one term of a sum subtracted instead of added (or the other way round). The judge ({@code right}) says whether a
 * variant is the left side; the first that is gives the message.
 */
final class Signs {
    private Signs() {}

    private record Variant(Resolved side, String name) {}

    /** The message for the one sign that makes {@code side} right, or null. */
    static String flip(Resolved side, Predicate<Resolved> right) {
        List<Variant> out = new ArrayList<>();
        variants(side, r -> r, out);
        for (Variant v : out) {
            try {
                if (right.test(v.side())) return v.name();
            } catch (RuntimeException e) {
                // that variant does not evaluate: not the one
            }
        }
        return null;
    }

    private static void variants(Resolved r, java.util.function.UnaryOperator<Resolved> wrap, List<Variant> out) {
        if (out.size() > 100) return;
        if (r instanceof Resolved.Coef c) {
            out.add(new Variant(wrap.apply(new Resolved.Coef(-c.numerator(), c.denominator(), c.symbol())),
                    "right with the sign of the coefficient " + show(c) + " flipped"));
        } else if (r instanceof Resolved.Num n && n.value() != 0) {
            out.add(new Variant(wrap.apply(new Resolved.Num(-n.value())), "right with the sign of " + n.value() + " flipped"));
        } else if (r instanceof Resolved.Sum s) {
            for (int k = 0; k < s.terms().size(); k++) {
                final int at = k;
                Resolved t = s.terms().get(k);
                List<Resolved> c = new ArrayList<>(s.terms());
                c.set(k, t instanceof Resolved.Neg n ? n.operand() : new Resolved.Prod(List.of(new Resolved.Coef(-1, 1, ""), t)));
                out.add(new Variant(wrap.apply(new Resolved.Sum(c)), "right with term " + (k + 1) + " of the sum "
                        + (t instanceof Resolved.Neg || negative(t) ? "added, not subtracted" : "subtracted, not added")));
                variants(t, x -> {
                    List<Resolved> d = new ArrayList<>(s.terms());
                    d.set(at, x);
                    return wrap.apply(new Resolved.Sum(d));
                }, out);
            }
        } else if (r instanceof Resolved.Prod p) {
            for (int k = 0; k < p.factors().size(); k++) {
                final int at = k;
                variants(p.factors().get(k), x -> {
                    List<Resolved> d = new ArrayList<>(p.factors());
                    d.set(at, x);
                    return wrap.apply(new Resolved.Prod(d));
                }, out);
            }
        } else if (r instanceof Resolved.Neg n) {
            variants(n.operand(), x -> wrap.apply(new Resolved.Neg(x)), out);
        } else if (r instanceof Resolved.Diag d) {
            variants(d.operand(), x -> wrap.apply(new Resolved.Diag(x)), out);
        } else if (r instanceof Resolved.Trans t) {
            variants(t.operand(), x -> wrap.apply(new Resolved.Trans(x)), out);
        }
    }

    private static boolean negative(Resolved t) {
        return t instanceof Resolved.Prod p && !p.factors().isEmpty() && p.factors().get(0) instanceof Resolved.Coef c
                && c.numerator() < 0;
    }

    private static String show(Resolved.Coef c) {
        String n = c.denominator() == 1 ? Long.toString(c.numerator()) : c.numerator() + "/" + c.denominator();
        if (!c.symbol().isEmpty()) n = (c.numerator() == 1 && c.denominator() == 1 ? "" : c.numerator() == -1 && c.denominator() == 1 ? "-" : n + " ") + c.symbol();
        return "`" + n + "`";
    }
}
