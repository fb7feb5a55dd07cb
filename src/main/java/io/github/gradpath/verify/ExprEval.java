package io.github.gradpath.verify;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.graph.ComputationGraph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a derived expression to a matrix: {@code ∂u/∂v} is the total derivative (all paths), or the single
 * edge's Jacobian when marked direct; products multiply in the written order; {@code 1} is the identity of
 * whatever size its neighbours need and {@code 0} the zero matrix. Anything that does not fit (a direct edge
 * that is not an edge, shapes that do not chain) is an {@link Unevaluable}, which the verifier reports as a
 * failed row, never as a pass.
 */
final class ExprEval {
    private final ComputationGraph g;
    private final Jacobians jac;
    private final Map<String, Integer> byVar = new HashMap<>();
    private final Map<Expr.Var, Integer> resolved = new HashMap<>();

    /** Index values for symbolic expressions (a witness binding); bound indices are added by Σ and ∏. */
    private final Map<String, Long> binding;

    ExprEval(ComputationGraph g, Jacobians jac) { this(g, jac, Map.of()); }

    ExprEval(ComputationGraph g, Jacobians jac, Map<String, Long> binding) {
        this.g = g;
        this.jac = jac;
        this.binding = Map.copyOf(binding);
        for (ComputationGraph.Node n : g.nodes()) byVar.put(key(n.name().base(), n.name().subscript()), n.id());
    }

    static final class Unevaluable extends RuntimeException {
        Unevaluable(String message) { super(message, null, false, false); }
    }

    private static String key(String base, String subscript) { return base + "\u0000" + subscript; }

    int node(Expr.Var v) {
        Integer known = resolved.get(v);
        if (known != null) return known;
        Integer id = byVar.get(key(v.base(), v.subscript()));
        if (id == null) throw new Unevaluable("`" + name(v) + "` is not a node of the network");
        resolved.put(v, id);
        return id;
    }

    static String name(Expr.Var v) {
        if (v.subscript().isEmpty()) return v.base();
        return v.base() + "_" + (v.subscript().length() == 1 ? v.subscript() : "{" + v.subscript() + "}");
    }

    /**
     * {@code e} as a {@code rows × cols} matrix. Runs, Σ and ∏ are first expanded at every value of their bound
     * index ({@link Exprs#at}: an empty sum is 0, an empty product the identity); constant coefficients scale.
     * Recursion follows the expression's nesting.
     */
    Mat eval(Expr e, int rows, int cols) {
        try {
            return evalChecked(symbolic(e) ? Exprs.at(e, binding) : e, rows, cols);
        } catch (Mat.ShapeMismatch m) {
            throw new Unevaluable("shapes do not fit: " + m.getMessage());
        } catch (Exprs.NoReading | Exprs.Unbound x) {
            throw new Unevaluable("cannot expand the expression: " + x.getMessage());
        }
    }

    /** Whether {@code e} holds a binder, a run, a coefficient or an index expression: then it is expanded first. */
    static boolean symbolic(Expr e) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.Run || x instanceof Expr.SumOver || x instanceof Expr.ProductOver
                    || x instanceof Expr.Constant) return true;
            if (x instanceof Expr.Partial p && (!concrete(p.numerator()) || !concrete(p.denominator()))) return true;
            if (x instanceof Expr.Product p) p.factors().forEach(stack::push);
            else if (x instanceof Expr.Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Expr.Transpose t) stack.push(t.operand()); // `(\prod ...)^\top`
        }
        return false;
    }

    private static boolean concrete(Expr.Var v) {
        for (io.github.gradpath.dsl.Linear l : v.indices()) if (!l.isConstant()) return false;
        return true;
    }

    private double symbolValue(Expr.Symbol s) {
        try {
            return jac.scalar(s.name());
        } catch (IllegalStateException x) {
            throw new Unevaluable("cannot verify the scalar `" + s.name() + "`: it is not a scalar of the network");
        }
    }

    /** The value of a coefficient, exact until here. */
    private static double scalar(Expr.Constant c) {
        if (!c.numerator().isConstant() || !c.denominator().isConstant()) {
            throw new Unevaluable("the coefficient " + c + " has no value here");
        }
        return (double) c.numerator().constant() / c.denominator().constant();
    }

    private static Mat scaled(Mat m, double k) {
        Mat r = new Mat(m.rows, m.cols);
        for (int i = 0; i < m.a.length; i++) r.a[i] = k * m.a[i];
        return r;
    }

    private Mat evalChecked(Expr e, int rows, int cols) {
        if (e instanceof Expr.Partial p) {
            int num = node(p.numerator()), den = node(p.denominator());
            Mat m;
            if (p.direct()) {
                if (!g.hasEdge(num, den)) {
                    throw new Unevaluable("∂" + name(p.numerator()) + "/∂" + name(p.denominator())
                            + " is marked direct, but " + name(p.numerator()) + " does not use "
                            + name(p.denominator()) + " directly");
                }
                m = jac.edge(num, den);
            } else {
                m = jac.total(num, den);
            }
            if (m.rows != rows || m.cols != cols) {
                throw new Unevaluable("∂" + name(p.numerator()) + "/∂" + name(p.denominator()) + " is " + m.shape()
                        + " where " + rows + "x" + cols + " is needed");
            }
            return m;
        }
        if (e instanceof Expr.One) {
            if (rows != cols) throw new Unevaluable("1 stands where a " + rows + "x" + cols + " matrix is needed");
            return Mat.identity(rows);
        }
        if (e instanceof Expr.Zero) return new Mat(rows, cols);
        if (e instanceof Expr.Symbol sy) {
            if (rows != cols) throw new Unevaluable("a scalar stands where a " + rows + "x" + cols + " matrix is needed");
            return scaled(Mat.identity(rows), symbolValue(sy));
        }
        if (e instanceof Expr.Constant c) {
            if (rows != cols) throw new Unevaluable("a scalar stands where a " + rows + "x" + cols + " matrix is needed");
            return scaled(Mat.identity(rows), scalar(c));
        }
        if (e instanceof Expr.Sum s) {
            Mat acc = new Mat(rows, cols);
            for (Expr t : s.terms()) acc.addInPlace(evalChecked(t, rows, cols));
            return acc;
        }
        if (e instanceof Expr.Product p) {
            List<Expr> fs = p.factors();
            int[] k = boundaries(fs, rows, cols);
            Mat acc = null;
            double coefficient = 1;
            for (int i = 0; i < fs.size(); i++) {
                if (fs.get(i) instanceof Expr.One || fs.get(i) instanceof Expr.Constant || fs.get(i) instanceof Expr.Symbol) {
                    if (k[i] != k[i + 1]) throw new Unevaluable("a scalar stands between sizes " + k[i] + " and " + k[i + 1]);
                    if (fs.get(i) instanceof Expr.Constant c) coefficient *= scalar(c);
                    if (fs.get(i) instanceof Expr.Symbol sy) coefficient *= symbolValue(sy);
                    continue;
                }
                Mat f = evalChecked(fs.get(i), k[i], k[i + 1]);
                acc = acc == null ? f : acc.times(f);
            }
            Mat out = acc == null ? Mat.identity(rows) : acc;
            return coefficient == 1 ? out : scaled(out, coefficient);
        }
        throw new Unevaluable("cannot verify " + what(e) + ": gradpath has no numeric value for it");
    }

    /**
     * The sizes between consecutive factors of a product: fixed at the ends, by each factor's known shape, and
     * carried across identities, until nothing changes.
     */
    private int[] boundaries(List<Expr> fs, int rows, int cols) {
        int n = fs.size();
        int[] k = new int[n + 1];
        java.util.Arrays.fill(k, -1);
        k[0] = rows;
        k[n] = cols;
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) shapes[i] = shape(fs.get(i));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                int[] s = shapes[i];
                changed |= settle(k, i, s[0]);
                changed |= settle(k, i + 1, s[1]);
                if (s[2] == 1) {
                    if (k[i] >= 0) changed |= settle(k, i + 1, k[i]);
                    if (k[i + 1] >= 0) changed |= settle(k, i, k[i + 1]);
                }
            }
        }
        for (int x : k) if (x < 0) throw new Unevaluable("cannot tell the sizes inside a product");
        return k;
    }

    private static boolean settle(int[] k, int i, int value) {
        if (value < 0) return false;
        if (k[i] < 0) {
            k[i] = value;
            return true;
        }
        if (k[i] != value) throw new Unevaluable("shapes do not chain in a product: size " + k[i] + " meets " + value);
        return false;
    }

    /** {rows, cols, square?} with -1 where the expression does not say. */
    private int[] shape(Expr e) {
        if (e instanceof Expr.Partial p) {
            return new int[] {jac.size(node(p.numerator())), jac.size(node(p.denominator())), 0};
        }
        if (e instanceof Expr.One || e instanceof Expr.Constant || e instanceof Expr.Symbol) return new int[] {-1, -1, 1};
        if (e instanceof Expr.Sum s) {
            int[] r = {-1, -1, 0};
            for (Expr t : s.terms()) {
                int[] x = shape(t);
                if (x[0] >= 0) r[0] = x[0];
                if (x[1] >= 0) r[1] = x[1];
                if (x[2] == 1) r[2] = 1;
            }
            return r;
        }
        if (e instanceof Expr.Product p) {
            int[] first = shape(p.factors().get(0));
            int[] last = shape(p.factors().get(p.factors().size() - 1));
            boolean allSquare = p.factors().stream().allMatch(f -> shape(f)[2] == 1);
            return new int[] {first[0], last[1], allSquare ? 1 : 0};
        }
        return new int[] {-1, -1, 0};
    }

    /** What a reader calls the node in a message. */
    static String what(Expr e) {
        if (e instanceof Expr.Var v) return "the variable `" + name(v) + "` standing alone";
        if (e instanceof Expr.Cdots) return "a `\\cdots` (it stands for no particular factors here)";
        if (e instanceof Expr.Symbol s) return "the scalar `" + s.name() + "`";
        if (e instanceof Expr.Transpose) return "a transpose";
        if (e instanceof Expr.Diag) return "a diag(·)";
        if (e instanceof Expr.Hadamard) return "an elementwise product";
        if (e instanceof Expr.Negate) return "a negation";
        if (e instanceof Expr.Derivative d) return "the function derivative `" + d.function().base() + "'`";
        if (e instanceof Expr.Apply a) return "the function application `" + a.function().base() + "(...)`";
        if (e instanceof Expr.Juxtapose) return "a juxtaposition";
        return "a " + e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
