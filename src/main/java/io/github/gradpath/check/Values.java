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

    Mat value(Resolved r) { return value(r, -1, -1); }

    /**
     * The value of {@code r}, where the factors around it say it has {@code rows} rows and {@code cols} columns
     * (-1: nothing says): a selector's block sizes are not written, only implied by its neighbours.
     */
    Mat value(Resolved r, int rows, int cols) {
        if (r instanceof Resolved.Block b) return Blocks.value(this, m, b, rows, cols);
        if (r instanceof Resolved.Delta d) {
            // δ = ∂L/∂z = diag(a'(z)) ∂L/∂u: a column in the denominator layout, a row in the numerator one.
            Mat up = partial(m.g.loss(), d.owner()), p = m.primeAt(d.owner()).diag("δ");
            return denominator ? p.times(up, "δ") : up.times(p, "δ");
        }
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
        if (r instanceof Resolved.Trans t) return value(t.operand(), cols, rows).transpose();
        if (r instanceof Resolved.Diag d) return value(d.operand()).diag("`diag`");
        if (r instanceof Resolved.Neg n) return value(n.operand(), rows, cols).negate();
        if (r instanceof Resolved.Prime p) return p.arg() >= 0 ? m.prime(p.function(), p.arg()) : m.primeAt(p.owner());
        if (r instanceof Resolved.Had h) {
            Mat acc = null;
            for (Resolved f : h.factors()) acc = acc == null ? value(f, rows, cols) : acc.hadamard(value(f, rows, cols), "`\\odot`");
            return acc;
        }
        if (r instanceof Resolved.Sum s) {
            Mat acc = null;
            for (Resolved t : s.terms()) acc = acc == null ? value(t, rows, cols) : acc.plus(value(t, rows, cols), "a sum");
            return acc == null ? Mat.number(0) : acc;
        }
        List<Resolved> fs = ((Resolved.Prod) r).factors();
        Mat[] v = new Mat[fs.size()];
        for (int k = 0; k < v.length; k++) if (!sizedByNeighbours(fs.get(k))) v[k] = value(fs.get(k));
        // A selector next: its rows are the columns of the matrix before it, its columns the rows of the one after.
        for (int k = 0; k < v.length; k++) {
            if (v[k] != null) continue;
            int before = rows, after = cols;
            for (int j = k - 1; j >= 0; j--) {
                if (v[j] == null) { before = -1; break; }
                if (!v[j].scalar()) { before = v[j].cols(); break; }
            }
            for (int j = k + 1; j < v.length; j++) {
                if (v[j] == null) { after = -1; break; }
                if (!v[j].scalar()) { after = v[j].rows(); break; }
            }
            v[k] = value(fs.get(k), before, after);
        }
        Mat acc = null;
        for (Mat f : v) acc = acc == null ? f : acc.times(f, "a product");
        return acc == null ? Mat.number(1) : acc;
    }

    private static boolean sizedByNeighbours(Resolved r) {
        while (r instanceof Resolved.Trans || r instanceof Resolved.Neg) {
            r = r instanceof Resolved.Trans t ? t.operand() : ((Resolved.Neg) r).operand();
        }
        return r instanceof Resolved.Block;
    }

    private Mat layout(Mat j) { return denominator ? j.transpose() : j; }

    /** Null when {@code side} is {@code ∂a/∂b}, else why not (a shape, a named factor, the other layout). */
    String judge(int a, int b, Resolved side, String lhs, String widths) {
        return judge(new Resolved.Total(a, b, lhs, 0), side, lhs, widths);
    }

    /** Null when {@code side} is {@code left} (a derivative or a δ), else why not. */
    String judge(Resolved left, Resolved side, String lhs, String widths) {
        return judge(left, side, lhs, widths, right -> null);
    }

    /**
     * Null when {@code side} is {@code left}, else why not; {@code repairs} is asked first for a change of the
     * written side that makes it right (given the test of a bound side), and says it, or null ({@link Repairs}).
     */
    String judge(Resolved left, Resolved side, String lhs, String widths,
                 java.util.function.Function<java.util.function.Predicate<Resolved>, String> repairs) {
        Mat truth = value(left);
        String shape = null;
        try {
            if (value(side, truth.rows(), truth.cols()).same(truth)) return null;
        } catch (Mat.Shape e) {
            shape = e.getMessage();
        }
        String hint = repairs.apply(r -> {
            try {
                return value(r, truth.rows(), truth.cols()).same(truth);
            } catch (Mat.Shape | Model.Unsupported e) {
                return false;
            }
        });
        if (hint == null) hint = fix(truth, side);
        Values other = new Values(m, !denominator);
        boolean otherLayout = false;
        try {
            Mat t = other.value(left);
            otherLayout = other.value(side, t.rows(), t.cols()).same(t);
        } catch (Mat.Shape | Model.Unsupported e) {
            // not right under the other layout either
        }
        String why = shape != null ? "the shapes do not fit: " + shape
                : "the value is not " + lhs + " (" + truth.shape() + ")";
        if (hint == null) {
            hint = Signs.flip(side, v -> value(v, truth.rows(), truth.cols()).same(truth));
        }
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
                if (value(tries.get(k)[0], truth.rows(), truth.cols()).same(truth)) return names.get(k);
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
        } else if (r instanceof Resolved.Block b && selector(b)) {
            // The identity block moved: the selector of another part of the concatenation.
            List<Resolved> cells = b.cells().size() == 1 ? b.cells().get(0) : b.cells().stream().map(c -> c.get(0)).toList();
            for (int k = 0; k < cells.size(); k++) {
                if (cells.get(k) instanceof Resolved.Num n && n.value() != 0) continue;
                List<List<Resolved>> moved = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < cells.size(); j++) {
                    Resolved.Num x = new Resolved.Num(j == k ? 1 : 0);
                    moved.add(List.of(x));
                    text.append(j > 0 ? (b.cells().size() == 1 ? " & " : " \\\\ ") : "").append(x.value());
                }
                Resolved.Block nb = b.cells().size() == 1
                        ? new Resolved.Block(List.of(moved.stream().map(c -> c.get(0)).toList()), "")
                        : new Resolved.Block(moved, "");
                String env = b.text().startsWith("\\begin{") ? b.text().substring(7, b.text().indexOf('}')) : "bmatrix";
                nb = new Resolved.Block(nb.cells(), "\\begin{" + env + "} " + text + " \\end{" + env + "}");
                out.add(new Resolved[] {wrap.apply(nb)});
                names.add("right with the selector " + Blocks.show(nb) + " (the identity block at part " + (k + 1)
                        + " of " + cells.size() + ") for " + Blocks.show(b));
            }
        } else if (r instanceof Resolved.Delta d) {
            // A wrong index: the δ of another layer.
            for (var n : m.g.nodes()) {
                if (n.id() == d.owner() || !(n.local() instanceof io.github.gradpath.dsl.Formula.Apply)) continue;
                out.add(new Resolved[] {wrap.apply(new Resolved.Delta(n.id()))});
                names.add("right with the δ of " + n.name() + " for the δ of " + m.g.node(d.owner()).name());
            }
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

    /** One column (or row) of 0 and 1 blocks with one identity. */
    private static boolean selector(Resolved.Block b) {
        if (b.cells().size() != 1 && b.cells().get(0).size() != 1) return false;
        int ones = 0;
        for (List<Resolved> row : b.cells()) {
            for (Resolved c : row) {
                if (!(c instanceof Resolved.Num n) || n.value() > 1 || n.value() < 0) return false;
                ones += (int) n.value();
            }
        }
        return ones == 1;
    }

    private String show(Resolved r) {
        if (r instanceof Resolved.Block b) return Blocks.show(b);
        if (r instanceof Resolved.Delta d) return "the δ of " + m.g.node(d.owner()).name();
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
