package io.github.gradpath.verify;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Layout;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an expanded derivation ({@code derive --expand}) to numbers: vectors are columns of the forward
 * pass's values, parameters their matrices, {@code ∂u/∂v} the graph's analytic Jacobian (transposed in the
 * denominator layout), {@code diag}, {@code ^\top}, {@code a'(z)}, {@code ⊙}, concatenations and block selectors
 * as written. A scalar ({@code 1}, {@code λ}, {@code \frac12}) is that multiple of an identity of whatever size
 * its neighbours need; beside a column vector in a sum it is the constant vector ({@code 1 - t}). Shapes are
 * never coerced: a factor that does not fit is an {@link ExprEval.Unevaluable}, so a wrong transpose fails with
 * rectangular widths. Recursion follows the expression's nesting (bounded by the network's bracket limit).
 */
final class ValueEval {
    /** A value: a matrix, or {@code k I} of no fixed size. */
    private record Val(Mat m, double k) {
        static Val of(Mat m) { return new Val(m, 0); }
        static Val scalar(double k) { return new Val(null, k); }
        boolean isScalar() { return m == null; }
    }

    private final ComputationGraph g;
    private final Jacobians jac;
    private final Shapes shapes;
    private final Map<NodeId, double[]> at;
    private final Layout layout;
    private final Map<String, Integer> byVar = new HashMap<>();
    private final Map<String, Expr> defined = new HashMap<>();
    private final Map<String, Mat> definedValues = new HashMap<>();
    private final java.util.Set<String> evaluating = new java.util.HashSet<>();
    /** The widths of the parts of the concatenation each weight multiplies ({@code W [h; x]}), for selectors. */
    private final Map<NodeId, int[]> concatWidths = new HashMap<>();

    ValueEval(ComputationGraph g, Jacobians jac, Shapes shapes, Map<NodeId, double[]> at, Layout layout, List<Row> definitions) {
        this.g = g;
        this.jac = jac;
        this.shapes = shapes;
        this.at = at;
        this.layout = layout;
        for (ComputationGraph.Node n : g.nodes()) byVar.put(key(n.name().base(), n.name().subscript()), n.id());
        for (Row r : definitions) {
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var v && !eq.rhs().isEmpty()) {
                defined.put(key(v.base(), v.subscript()), eq.rhs().get(0));
            }
        }
        for (ComputationGraph.Node n : g.nodes()) {
            if (n.isLeaf()) continue;
            Formula.walk(n.local(), f -> {
                if (f instanceof Formula.Product p && p.factors().size() == 2 && p.factors().get(0) instanceof Formula.Ref w
                        && p.factors().get(1) instanceof Formula.Concat c) {
                    int[] widths = new int[c.parts().size()];
                    for (int i = 0; i < widths.length; i++) {
                        widths[i] = c.parts().get(i) instanceof Formula.Ref r ? shapes.get(r.node()).size() : -1;
                    }
                    int[] old = concatWidths.putIfAbsent(w.node(), widths);
                    if (old != null && !java.util.Arrays.equals(old, widths)) concatWidths.put(w.node(), null);
                }
            });
        }
    }

    private static String key(String base, String subscript) { return base + "\u0000" + subscript; }

    /** {@code e} as a {@code rows × cols} matrix, or {@link ExprEval.Unevaluable}. */
    Mat eval(Expr e, int rows, int cols) {
        try {
            Val v = val(e);
            if (v.isScalar()) {
                if (rows != cols) throw new ExprEval.Unevaluable("a scalar stands where a " + rows + "x" + cols + " matrix is needed");
                return scaled(Mat.identity(rows), v.k);
            }
            if (v.m.rows != rows || v.m.cols != cols) {
                throw new ExprEval.Unevaluable("the right-hand side is " + v.m.shape() + " where " + rows + "x" + cols + " is needed");
            }
            return v.m;
        } catch (Mat.ShapeMismatch m) {
            throw new ExprEval.Unevaluable("shapes do not fit: " + m.getMessage());
        }
    }

    private int node(Expr.Var v) {
        Integer id = byVar.get(key(v.base(), v.subscript()));
        if (id == null) throw new ExprEval.Unevaluable("`" + ExprEval.name(v) + "` is not a node of the network nor defined in the block");
        return id;
    }

    private Val val(Expr e) {
        if (e instanceof Expr.Var v) {
            String k = key(v.base(), v.subscript());
            if (!byVar.containsKey(k) && defined.containsKey(k)) {
                Mat m = definedValues.get(k);
                if (m == null) {
                    // δ_5 written in terms of δ_5 (a wrong recurrence) has no value: not an endless loop.
                    if (!evaluating.add(k)) throw new ExprEval.Unevaluable("`" + ExprEval.name(v) + "` is defined in terms of itself");
                    Val d;
                    try {
                        d = val(defined.get(k));
                    } finally {
                        evaluating.remove(k);
                    }
                    if (d.isScalar()) throw new ExprEval.Unevaluable("`" + ExprEval.name(v) + "` is defined as a scalar");
                    m = d.m;
                    definedValues.put(k, m);
                }
                return Val.of(m);
            }
            NodeId id = g.node(node(v)).name();
            double[] value = at.get(id);
            if (value == null) throw new ExprEval.Unevaluable("`" + id + "` has no value in the forward pass");
            Shapes.Shape s = shapes.get(id);
            return Val.of(s.matrix() ? new Mat(s.rows(), s.cols(), value) : new Mat(value.length, 1, value));
        }
        if (e instanceof Expr.Partial p) {
            int num = node(p.numerator()), den = node(p.denominator());
            if (p.direct() && !g.hasEdge(num, den)) {
                throw new ExprEval.Unevaluable("∂" + ExprEval.name(p.numerator()) + "/∂" + ExprEval.name(p.denominator())
                        + " is marked direct, but there is no such edge");
            }
            Mat m = p.direct() ? jac.edge(num, den) : jac.total(num, den);
            return Val.of(layout == Layout.DENOMINATOR ? transpose(m) : m);
        }
        if (e instanceof Expr.One) return Val.scalar(1);
        if (e instanceof Expr.Zero) return Val.scalar(0);
        if (e instanceof Expr.Constant c) {
            if (!c.numerator().isConstant() || !c.denominator().isConstant()) {
                throw new ExprEval.Unevaluable("the coefficient " + c + " has no value here");
            }
            return Val.scalar((double) c.numerator().constant() / c.denominator().constant());
        }
        if (e instanceof Expr.Symbol s) {
            try {
                return Val.scalar(jac.scalar(s.name()));
            } catch (IllegalStateException x) {
                throw new ExprEval.Unevaluable("`" + s.name() + "` is not a scalar of the network");
            }
        }
        if (e instanceof Expr.Negate n) {
            Val v = val(n.operand());
            return v.isScalar() ? Val.scalar(-v.k) : Val.of(scaled(v.m, -1));
        }
        if (e instanceof Expr.Sum s) {
            Val acc = null;
            for (Expr t : s.terms()) acc = acc == null ? val(t) : plus(acc, val(t));
            return acc == null ? Val.scalar(0) : acc;
        }
        if (e instanceof Expr.Product p) return product(p.factors());
        if (e instanceof Expr.Juxtapose j) return product(j.factors());
        if (e instanceof Expr.Transpose t) {
            if (selector(t.operand())) throw new ExprEval.Unevaluable("a block selector stands where its sizes cannot be told");
            Val v = val(t.operand());
            return v.isScalar() ? v : Val.of(transpose(v.m));
        }
        if (e instanceof Expr.Diag d) {
            Mat v = column(val(d.operand()), "diag(·)");
            Mat m = new Mat(v.rows, v.rows);
            for (int i = 0; i < v.rows; i++) m.a[i * v.rows + i] = v.a[i];
            return Val.of(m);
        }
        if (e instanceof Expr.Derivative d) {
            if (d.function().base().equals("softmax")) {
                throw new ExprEval.Unevaluable("softmax' is not elementwise: write its Jacobian diag(s) - s s^T");
            }
            Mat z = column(val(d.argument()), "the argument of " + d.function().base() + "'");
            return Val.of(new Mat(z.rows, 1, Functions.activation(d.function().base()).derivative(z.a)));
        }
        if (e instanceof Expr.Apply a) {
            Mat z = column(val(a.argument()), "the argument of " + a.function().base());
            return Val.of(new Mat(z.rows, 1, Functions.activation(a.function().base()).apply(z.a)));
        }
        if (e instanceof Expr.Hadamard h) {
            Mat acc = null;
            for (Expr f : h.factors()) {
                Mat v = column(val(f), "a factor of ⊙");
                if (acc == null) { acc = new Mat(v.rows, 1, v.a.clone()); continue; }
                if (v.rows != acc.rows) throw new ExprEval.Unevaluable("⊙ of widths " + acc.rows + " and " + v.rows);
                for (int i = 0; i < v.rows; i++) acc.a[i] *= v.a[i];
            }
            return Val.of(acc);
        }
        if (e instanceof Expr.Concat c) {
            if (selector(c)) throw new ExprEval.Unevaluable("a block selector stands where its sizes cannot be told");
            int n = 0;
            Mat[] parts = new Mat[c.parts().size()];
            for (int i = 0; i < parts.length; i++) n += (parts[i] = column(val(c.parts().get(i)), "a part of [·; ·]")).rows;
            double[] out = new double[n];
            int k = 0;
            for (Mat m : parts) { System.arraycopy(m.a, 0, out, k, m.rows); k += m.rows; }
            return Val.of(new Mat(n, 1, out));
        }
        throw new ExprEval.Unevaluable("cannot verify " + ExprEval.what(e) + ": gradpath has no numeric value for it");
    }

    /** A concatenation holding identity or zero blocks: the Jacobian of {@code [u; v]}, not a stacked vector. */
    private static boolean selector(Expr e) {
        if (!(e instanceof Expr.Concat c)) return false;
        for (Expr p : c.parts()) if (p instanceof Expr.One || p instanceof Expr.Zero) return true;
        return false;
    }

    /**
     * Left to right. A block selector takes its block sizes from the weight beside it ({@code W [1; 0]} in the
     * numerator layout, {@code [1; 0]^\top W^\top} in the denominator one): the parts of the concatenation that
     * weight multiplies in the network.
     */
    private Val product(List<Expr> fs) {
        Val acc = null;
        for (int i = 0; i < fs.size(); i++) {
            Expr f = fs.get(i);
            Val v;
            if (selector(f)) {
                v = Val.of(selectorMatrix((Expr.Concat) f, i > 0 ? fs.get(i - 1) : null));
            } else if (f instanceof Expr.Transpose t && selector(t.operand())) {
                v = Val.of(transpose(selectorMatrix((Expr.Concat) t.operand(),
                        i + 1 < fs.size() && fs.get(i + 1) instanceof Expr.Transpose w ? w.operand() : null)));
            } else {
                v = val(f);
            }
            acc = acc == null ? v : times(acc, v);
        }
        return acc == null ? Val.scalar(1) : acc;
    }

    private Mat selectorMatrix(Expr.Concat c, Expr weight) {
        int[] widths = null;
        if (weight instanceof Expr.Var w) {
            Integer id = byVar.get(key(w.base(), w.subscript()));
            if (id != null) widths = concatWidths.get(g.node(id).name());
        }
        if (widths == null || widths.length != c.parts().size()) {
            throw new ExprEval.Unevaluable("a block selector with " + c.parts().size()
                    + " blocks does not stand beside a weight that multiplies a concatenation of as many parts");
        }
        int rows = 0, cols = -1;
        Mat[] blocks = new Mat[widths.length];
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 0) throw new ExprEval.Unevaluable("a block selector over a part that is not a node");
            rows += widths[i];
            Expr p = c.parts().get(i);
            if (p instanceof Expr.Zero) continue;
            blocks[i] = p instanceof Expr.One ? Mat.identity(widths[i]) : column(val(p), "a block");
            if (blocks[i].rows != widths[i]) {
                throw new ExprEval.Unevaluable("block " + (i + 1) + " is " + blocks[i].shape() + " where the part has width " + widths[i]);
            }
            if (cols >= 0 && cols != blocks[i].cols) throw new ExprEval.Unevaluable("the blocks of a selector differ in width");
            cols = blocks[i].cols;
        }
        if (cols < 0) throw new ExprEval.Unevaluable("a block selector of zero blocks only");
        Mat m = new Mat(rows, cols);
        int r0 = 0;
        for (int i = 0; i < widths.length; i++) {
            if (blocks[i] != null) System.arraycopy(blocks[i].a, 0, m.a, r0 * cols, blocks[i].a.length);
            r0 += widths[i];
        }
        return m;
    }

    private static Mat column(Val v, String what) {
        if (v.isScalar() || v.m.cols != 1) {
            throw new ExprEval.Unevaluable(what + " is " + (v.isScalar() ? "a scalar" : v.m.shape()) + ", not a column vector");
        }
        return v.m;
    }

    private static Val times(Val a, Val b) {
        if (a.isScalar() && b.isScalar()) return Val.scalar(a.k * b.k);
        if (a.isScalar()) return Val.of(scaled(b.m, a.k));
        if (b.isScalar()) return Val.of(scaled(a.m, b.k));
        return Val.of(a.m.times(b.m));
    }

    private static Val plus(Val a, Val b) {
        if (a.isScalar() && b.isScalar()) return Val.scalar(a.k + b.k);
        if (a.isScalar() || b.isScalar()) {
            Mat m = a.isScalar() ? b.m : a.m;
            double k = a.isScalar() ? a.k : b.k;
            Mat r = new Mat(m.rows, m.cols, m.a.clone());
            if (m.cols == 1) {
                for (int i = 0; i < m.rows; i++) r.a[i] += k; // a constant vector: 1 - t
            } else if (m.rows == m.cols) {
                for (int i = 0; i < m.rows; i++) r.a[i * m.cols + i] += k;
            } else {
                throw new ExprEval.Unevaluable("a scalar is added to a " + m.shape() + " matrix");
            }
            return Val.of(r);
        }
        return Val.of(a.m.plus(b.m));
    }

    static Mat transpose(Mat m) {
        Mat t = new Mat(m.cols, m.rows);
        for (int i = 0; i < m.rows; i++) for (int j = 0; j < m.cols; j++) t.a[j * m.rows + i] = m.a[i * m.cols + j];
        return t;
    }

    private static Mat scaled(Mat m, double k) {
        Mat r = new Mat(m.rows, m.cols);
        for (int i = 0; i < m.a.length; i++) r.a[i] = k * m.a[i];
        return r;
    }
}
