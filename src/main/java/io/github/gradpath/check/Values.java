package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a side that holds explicit values ({@code W^\top}, {@code diag(σ'(z))}, {@code ⊙}, {@code λ W}) by
 * evaluating it and the left side as matrices of the network's {@link Model}: exact over the prime field, so
 * equal values mean equal expressions up to a chance of (degree)/2^61. Layouts: numerator ({@code ∂u/∂v} is the
 * Jacobian, rows of u by columns of v; a number's derivative by a vector is a row) or denominator ({@code ∂u/∂v}
 * is its transpose: gradients are columns). A number's derivative by a weight matrix has the weight's shape in
 * the denominator layout and its transpose's in the numerator one (as {@code derive --expand} writes them). When a side is wrong, single changes are tried so the message can name the one factor that explains it.
 */
final class Values {
    private final Model m;
    private final boolean denominator;

    Values(Model m, boolean denominator) {
        this.m = m;
        this.denominator = denominator;
    }

    /** {@code ∂a/∂b} under the layout. */
    Mat partial(int a, int b) {
        // A number by a weight: the weight's shape in the denominator layout, its transpose in the numerator one.
        if (m.isMatrix(b)) return denominator ? m.gradient(a, b) : m.gradient(a, b).transpose();
        if (m.isMatrix(a)) throw new Model.Unsupported("a derivative of a matrix is a tensor");
        Mat j = m.total(a, b);
        return denominator ? j.transpose() : j;
    }

    Mat value(Resolved r) {
        if (r instanceof Resolved.Total t) return partial(t.a(), t.b());
        if (r instanceof Resolved.Direct d) return layout(m.edge(d.a(), d.b()));
        if (r instanceof Resolved.Chain c) {
            Mat acc = Mat.identity(m.rows(c.path()[0]));
            for (int k = 0; k + 1 < c.path().length; k++) acc = acc.times(m.edge(c.path()[k], c.path()[k + 1]), "a chain");
            return layout(acc);
        }
        if (r instanceof Resolved.Num n) return Mat.number(n.value());
        if (r instanceof Resolved.Coef c) {
            long k = Evaluator.fraction(c.numerator(), c.denominator());
            return Mat.number(c.symbol().isEmpty() ? k : Evaluator.mul(k, m.symbol(c.symbol())));
        }
        if (r instanceof Resolved.Value v) return m.value(v.node());
        if (r instanceof Resolved.Trans t) return value(t.operand()).transpose();
        if (r instanceof Resolved.Diag d) return value(d.operand()).diag("`diag`");
        if (r instanceof Resolved.Neg n) return value(n.operand()).negate();
        if (r instanceof Resolved.Prime p) return p.arg() >= 0 ? m.prime(p.function(), p.arg()) : m.primeAt(p.owner());
        if (r instanceof Resolved.Had h) {
            Mat acc = null;
            for (Resolved f : h.factors()) acc = acc == null ? value(f) : acc.hadamard(value(f), "`\\odot`");
            return acc;
        }
        if (r instanceof Resolved.Sum s) {
            Mat acc = null;
            for (Resolved t : s.terms()) acc = acc == null ? value(t) : acc.plus(value(t), "a sum");
            return acc == null ? Mat.number(0) : acc;
        }
        Mat acc = null;
        for (Resolved f : ((Resolved.Prod) r).factors()) acc = acc == null ? value(f) : acc.times(value(f), "a product");
        return acc == null ? Mat.number(1) : acc;
    }

    private Mat layout(Mat j) { return denominator ? j.transpose() : j; }

    /** Null when {@code side} is {@code ∂a/∂b}, else why not (a shape, a named factor, the other layout). */
    String judge(int a, int b, Resolved side, String lhs, String widths) {
        Mat truth = partial(a, b);
        String shape = null;
        try {
            if (value(side).same(truth)) return null;
        } catch (Mat.Shape e) {
            shape = e.getMessage();
        }
        String hint = fix(truth, side);
        Values other = new Values(m, !denominator);
        boolean otherLayout = false;
        try {
            otherLayout = other.value(side).same(other.partial(a, b));
        } catch (Mat.Shape | Model.Unsupported e) {
            // not right under the other layout either
        }
        String why = shape != null ? "the shapes do not fit: " + shape
                : "the value is not " + lhs + " (" + truth.shape() + ")";
        String tail = otherLayout ? "; it is right under layout=" + (denominator ? "numerator" : "denominator")
                : hint != null ? "; " + hint : "";
        return why + tail + " (checked with random matrices, widths " + widths + ")";
    }

    /** One change that makes the side right: a transpose added or removed, a product's order, a term dropped. */
    private String fix(Mat truth, Resolved side) {
        List<Resolved[]> tries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        variants(side, r -> r, tries, names);
        for (int k = 0; k < tries.size(); k++) {
            try {
                if (value(tries.get(k)[0]).same(truth)) return names.get(k);
            } catch (Mat.Shape | Model.Unsupported e) {
                // that change does not fit either
            }
        }
        return null;
    }

    private void variants(Resolved r, java.util.function.UnaryOperator<Resolved> wrap, List<Resolved[]> out, List<String> names) {
        if (out.size() > 200) return;
        if (r instanceof Resolved.Trans t) {
            out.add(new Resolved[] {wrap.apply(t.operand())});
            names.add("right without the transpose of " + show(t.operand()));
            variants(t.operand(), x -> wrap.apply(new Resolved.Trans(x)), out, names);
        } else if (r instanceof Resolved.Value v) {
            out.add(new Resolved[] {wrap.apply(new Resolved.Trans(v))});
            names.add("right with " + show(v) + " transposed");
        } else if (r instanceof Resolved.Prod p) {
            List<Resolved> fs = p.factors();
            for (int k = 0; k + 1 < fs.size(); k++) {
                List<Resolved> sw = new ArrayList<>(fs);
                sw.set(k, fs.get(k + 1));
                sw.set(k + 1, fs.get(k));
                out.add(new Resolved[] {wrap.apply(new Resolved.Prod(sw))});
                names.add("right with " + show(fs.get(k)) + " and " + show(fs.get(k + 1)) + " in the other order");
            }
            for (int k = 0; k < fs.size(); k++) {
                final int at = k;
                variants(fs.get(k), x -> {
                    List<Resolved> c = new ArrayList<>(fs);
                    c.set(at, x);
                    return wrap.apply(new Resolved.Prod(c));
                }, out, names);
            }
        } else if (r instanceof Resolved.Sum s) {
            for (int k = 0; k < s.terms().size(); k++) {
                final int at = k;
                List<Resolved> c = new ArrayList<>(s.terms());
                c.remove(k);
                out.add(new Resolved[] {wrap.apply(new Resolved.Sum(c))});
                names.add("term " + (k + 1) + " (" + show(s.terms().get(k)) + ") is no part of it");
                variants(s.terms().get(k), x -> {
                    List<Resolved> d = new ArrayList<>(s.terms());
                    d.set(at, x);
                    return wrap.apply(new Resolved.Sum(d));
                }, out, names);
            }
        } else if (r instanceof Resolved.Neg n) {
            out.add(new Resolved[] {wrap.apply(n.operand())});
            names.add("right with + for the − before " + show(n.operand()));
            variants(n.operand(), x -> wrap.apply(new Resolved.Neg(x)), out, names);
        } else if (r instanceof Resolved.Diag d) {
            variants(d.operand(), x -> wrap.apply(new Resolved.Diag(x)), out, names);
        } else if (r instanceof Resolved.Had h) {
            for (int k = 0; k < h.factors().size(); k++) {
                final int at = k;
                variants(h.factors().get(k), x -> {
                    List<Resolved> c = new ArrayList<>(h.factors());
                    c.set(at, x);
                    return wrap.apply(new Resolved.Had(c));
                }, out, names);
            }
        }
    }

    private String show(Resolved r) {
        if (r instanceof Resolved.Value v) return "`" + m.g.node(v.node()).name() + "`";
        if (r instanceof Resolved.Trans t) return show(t.operand()) + "ᵀ";
        if (r instanceof Resolved.Total t) return "`∂" + m.g.node(t.a()).name() + "/∂" + m.g.node(t.b()).name() + "`";
        if (r instanceof Resolved.Direct d) return "`∂" + m.g.node(d.a()).name() + "/∂" + m.g.node(d.b()).name() + "`";
        if (r instanceof Resolved.Diag) return "the `diag` factor";
        if (r instanceof Resolved.Prime p) return "`" + p.function() + "'(" + (p.arg() >= 0 ? m.g.node(p.arg()).name() : "…") + ")`";
        if (r instanceof Resolved.Coef || r instanceof Resolved.Num) return "the number";
        return "the " + r.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
