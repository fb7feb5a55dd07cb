package io.github.gradpath.check;

import io.github.gradpath.dsl.Formula;
import io.github.gradpath.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One network instance as random matrices, for rows with explicit values: every node and weight has a width
 * (distinct random widths, so a wrong transpose has the wrong shape), a random value, and every edge its explicit
 * Jacobian from the node's formula: {@code h = a(W x)} gives {@code diag(a'(W x)) W}, where {@code a'(·)} is one
 * random vector bound to that function and argument wherever it is written. A function is elementwise, as the
 * language says, except those a network names to give a number ({@code l}, {@code ell}, {@code e}, {@code r},
 * {@code loss}, ...), whose Jacobian is a random row; {@code softmax}, whose Jacobian is {@code diag(s) - s s^T}; and
 * {@code sqnorm}, the squared (Frobenius) norm, whose gradient is {@code 2 X} (d2l's regularizer (λ/2)‖W‖²).
 */
final class Model {
    /** What the matrix model cannot express (a weight inside a product's tail): reported, never guessed. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) { super(message, null, false, false); }
    }

    private static final java.util.Set<String> SCALAR_VALUED = java.util.Set.of("l", "ell", "loss", "e", "r", "E",
            "C", "J", "L", "R", "Omega", "omega", "Lfn", "cost", "err", "sqnorm");

    final ComputationGraph g;
    private final Regions regions;
    private final long seed;
    private final Dims dims = new Dims();
    private final int[] rowOf, colOf;
    private final Map<Formula, int[]> shapes = new java.util.IdentityHashMap<>();
    private final Map<Formula, Boolean> general = new java.util.IdentityHashMap<>();
    private final Mat[] values;
    private final Map<String, Mat> primes = new HashMap<>();
    private final Map<Long, Mat> totals = new HashMap<>();
    private final List<int[]> concats = new ArrayList<>();
    private final boolean scalar;

    Model(ComputationGraph g, Regions regions, long seed, boolean scalar) {
        this.g = g;
        this.regions = regions;
        this.seed = seed;
        this.scalar = scalar;
        int n = g.size();
        rowOf = new int[n];
        colOf = new int[n];
        for (int i = 0; i < n; i++) {
            rowOf[i] = dims.fresh();
            colOf[i] = g.node(i).kind() == ComputationGraph.Kind.PARAM ? dims.fresh() : Dims.ONE;
        }
        dims.union(rowOf[g.loss()], Dims.ONE);
        // Formulas in order from the inputs up, each shaped once; sums and products tie widths together.
        for (int id : g.order()) {
            Formula f = g.node(id).local();
            if (f == null) continue;
            int[] s = shape(f);
            if (s != null) {
                dims.union(rowOf[id], s[0]);
                dims.union(colOf[id], s[1]);
            }
        }
        // scalar: every value is a number (width 1), so products commute as the convention says.
        if (scalar) for (int i = 0; i < n; i++) { dims.union(rowOf[i], Dims.ONE); dims.union(colOf[i], Dims.ONE); }
        dims.assign(seed);
        values = new Mat[n];
        for (int id : g.order()) values[id] = value(id);
    }

    int rows(int node) { return dims.width(rowOf[node]); }

    int cols(int node) { return dims.width(colOf[node]); }

    boolean isMatrix(int node) { return cols(node) != 1; }

    /** The shapes of two nodes, for messages: {@code W_1 3×4, E 1×1}. */
    String widths(int a, int b) {
        return g.node(a).name() + " " + rows(a) + "×" + cols(a) + ", " + g.node(b).name() + " " + rows(b) + "×" + cols(b);
    }

    Mat value(int node) {
        if (values[node] != null) return values[node];
        Formula f = g.node(node).local();
        if (f == null) return Mat.random(rows(node), cols(node), seed * 31 + node);
        return eval(f, node);
    }

    private int[] shape(Formula f) {
        int[] s = shapeOf(f);
        if (s != null) shapes.put(f, s);
        return s;
    }

    private int[] shapeOf(Formula f) {
        if (f instanceof Formula.Ref r) {
            int id = id(r);
            return new int[] {rowOf[id], colOf[id]};
        }
        if (f instanceof Formula.Constant) return null;
        if (f instanceof Formula.Scale s) return shape(s.operand());
        if (f instanceof Formula.Sum || f instanceof Formula.Hadamard) {
            List<Formula> parts = f instanceof Formula.Sum s ? s.terms() : ((Formula.Hadamard) f).factors();
            int[] out = null;
            for (Formula t : parts) {
                int[] x = shape(t);
                if (x == null) continue;
                if (out == null) out = x;
                else { dims.union(out[0], x[0]); dims.union(out[1], x[1]); }
            }
            return out;
        }
        if (f instanceof Formula.Product p) {
            int[] out = null;
            for (Formula x : p.factors()) {
                int[] s = shape(x);
                if (s == null) continue;
                if (out == null) out = s.clone();
                else { dims.union(out[1], s[0]); out[1] = s[1]; }
            }
            return out;
        }
        if (f instanceof Formula.Apply a) {
            String fn = a.function().base();
            if (SCALAR_VALUED.contains(fn) && a.argument() instanceof Formula.Sum sum) {
                // r(W_1 + W_2): a number of several values, which need not share a shape.
                for (Formula t : sum.terms()) shape(t);
                general.put(f, true);
                return new int[] {Dims.ONE, Dims.ONE};
            }
            int[] s = shape(a.argument());
            if (SCALAR_VALUED.contains(fn)) {
                general.put(f, true);
                return new int[] {Dims.ONE, Dims.ONE};
            }
            if (fn.equals("softmax")) general.put(f, true);
            return s;
        }
        if (f instanceof Formula.Concat c) {
            // [u; v]: a column as tall as its parts together, each part a column.
            int[] parts = new int[c.parts().size()];
            for (int k = 0; k < parts.length; k++) {
                int[] x = shape(c.parts().get(k));
                if (x == null) throw new Unsupported("a number inside a concatenation is not read in matrix form");
                dims.union(x[1], Dims.ONE);
                parts[k] = x[0];
            }
            concats.add(parts);
            return new int[] {dims.sum(parts), Dims.ONE};
        }
        throw new Unsupported("the matrix form of " + f.getClass().getSimpleName() + " is not read");
    }

    /**
     * The part widths of every concatenation of the network, distinct lists only: the sizes a selector's identity
     * and zero blocks can have.
     */
    List<int[]> concatenations() {
        List<int[]> out = new ArrayList<>();
        for (int[] parts : concats) {
            int[] w = new int[parts.length];
            for (int k = 0; k < w.length; k++) w[k] = dims.width(parts[k]);
            if (out.stream().noneMatch(o -> java.util.Arrays.equals(o, w))) out.add(w);
        }
        return out;
    }

    private int id(Formula.Ref r) {
        Integer id = g.id(r.node());
        if (id == null) throw new Unsupported("the network names " + r.node() + " that is no node");
        return id;
    }

    /** The value of formula {@code f} of {@code node}: linear parts computed, every function's output random. */
    private Mat eval(Formula f, int node) {
        if (f instanceof Formula.Ref r) return value(id(r));
        if (f instanceof Formula.Constant c) return Mat.number(Evaluator.fraction(c.numerator(), c.denominator()));
        if (f instanceof Formula.Scale s) return eval(s.operand(), node).scale(coefficient(s.coefficient()));
        if (f instanceof Formula.Sum s) {
            Mat acc = null;
            for (Formula t : s.terms()) acc = acc == null ? eval(t, node) : acc.plus(eval(t, node), "the network");
            return acc;
        }
        if (f instanceof Formula.Hadamard h) {
            Mat acc = null;
            for (Formula t : h.factors()) acc = acc == null ? eval(t, node) : acc.hadamard(eval(t, node), "the network");
            return acc;
        }
        if (f instanceof Formula.Product p) {
            Mat acc = null;
            for (Formula t : p.factors()) acc = acc == null ? eval(t, node) : acc.times(eval(t, node), "the network");
            return acc;
        }
        if (f instanceof Formula.Apply a) {
            int[] s = shapes.get(f);
            return Mat.random(dims.width(s[0]), dims.width(s[1]), seed * 131 + key(a, node).hashCode());
        }
        if (f instanceof Formula.Concat c) {
            List<Mat> parts = new ArrayList<>();
            for (Formula x : c.parts()) parts.add(eval(x, node));
            return Mat.stack(parts, "the network");
        }
        throw new Unsupported("the matrix form of " + f.getClass().getSimpleName() + " is not read");
    }

    long coefficient(Formula.Coefficient c) {
        long k = Evaluator.fraction(c.numerator(), c.denominator());
        for (String s : c.scalars()) k = Evaluator.mul(k, Evaluator.symbol(seed, s));
        return k;
    }

    /** A scalar's value, the same as {@link Evaluator}'s. */
    long symbol(String name) { return Evaluator.symbol(seed, name); }

    /** The function and argument of an application, as the key of its derivative vector. */
    private static String key(Formula.Apply a, int node) {
        if (a.argument() instanceof Formula.Ref r) return a.function().base() + "'" + r.node();
        return a.function().base() + "'@" + node;
    }

    /** {@code f'(arg)}: the random vector of the application with that function (by base name) and argument. */
    Mat prime(String function, int arg) {
        List<Formula.Apply> found = new ArrayList<>();
        for (var n : g.nodes()) {
            if (n.local() == null) continue;
            Formula.walk(n.local(), f -> {
                if (f instanceof Formula.Apply a && a.argument() instanceof Formula.Ref r && r.node().equals(g.node(arg).name())
                        && general.get(a) == null) found.add(a);
            });
        }
        if (found.isEmpty()) {
            throw new Unsupported("no elementwise function of the network is applied to " + g.node(arg).name()
                    + ", so `" + function + "'(" + g.node(arg).name() + ")` names no derivative");
        }
        String base = found.get(0).function().base();
        for (Formula.Apply a : found) {
            if (!a.function().base().equals(base)) {
                throw new Unsupported("both " + base + " and " + a.function().base() + " are applied to " + g.node(arg).name());
            }
        }
        return derivative(found.get(0), -1);
    }

    /** The derivative vector of the function at the top of {@code owner}'s formula. */
    Mat primeAt(int owner) {
        if (!(g.node(owner).local() instanceof Formula.Apply a) || general.get(a) != null) {
            throw new Unsupported(g.node(owner).name() + " is not an elementwise function of its argument");
        }
        return derivative(a, owner);
    }

    private Mat derivative(Formula.Apply a, int node) {
        int[] s = shapes.get(a);
        return primes.computeIfAbsent(key(a, node), k -> Mat.random(dims.width(s[0]), dims.width(s[1]),
                seed * 977 + k.hashCode()));
    }

    /** The Jacobian of the edge {@code user -> used}, both vectors (or numbers). */
    Mat edge(int user, int used) {
        if (isMatrix(used) || isMatrix(user)) {
            throw new Unsupported("a Jacobian by or of a matrix (" + g.node(user).name() + " by " + g.node(used).name()
                    + ") is a tensor; only gradients of a number by a matrix are read");
        }
        return jac(g.node(user).local(), used, user);
    }

    /** Forward mode: the Jacobian of vector formula {@code f} (of {@code node}) by the vector node {@code c}. */
    private Mat jac(Formula f, int c, int node) {
        int rows = f == null ? 1 : width(f, 0);
        if (f instanceof Formula.Ref r) return id(r) == c ? Mat.identity(rows(c)) : Mat.of(rows, rows(c));
        if (f instanceof Formula.Constant) return null;
        if (f instanceof Formula.Scale s) {
            Mat j = jac(s.operand(), c, node);
            return j == null ? null : j.scale(coefficient(s.coefficient()));
        }
        if (f instanceof Formula.Sum s) {
            Mat acc = null;
            for (Formula t : s.terms()) {
                Mat j = jac(t, c, node);
                if (j != null) acc = acc == null ? j : acc.plus(j, "the network");
            }
            return acc;
        }
        if (f instanceof Formula.Hadamard h) {
            Mat acc = null;
            for (int k = 0; k < h.factors().size(); k++) {
                Mat j = jac(h.factors().get(k), c, node);
                if (j == null) continue;
                Mat others = null;
                for (int m = 0; m < h.factors().size(); m++) {
                    if (m == k) continue;
                    Mat v = eval(h.factors().get(m), node);
                    others = others == null ? v : others.hadamard(v, "the network");
                }
                Mat t = others == null ? j : (others.scalar() ? j.scale(others.a()[0]) : others.diag("the network").times(j, "the network"));
                acc = acc == null ? t : acc.plus(t, "the network");
            }
            return acc;
        }
        if (f instanceof Formula.Product p && scalar) {
            // Numbers commute: the product rule, each factor's derivative times the others' values.
            Mat acc = null;
            for (int k = 0; k < p.factors().size(); k++) {
                Mat j = jac(p.factors().get(k), c, node);
                if (j == null) continue;
                for (int m = 0; m < p.factors().size(); m++) if (m != k) j = j.times(eval(p.factors().get(m), node), "the network");
                acc = acc == null ? j : acc.plus(j, "the network");
            }
            return acc;
        }
        if (f instanceof Formula.Product p) {
            Mat prefix = null;
            for (int k = 0; k < p.factors().size(); k++) {
                Formula x = p.factors().get(k);
                boolean last = k == p.factors().size() - 1;
                if (!last && mentions(x, c)) throw new Unsupported("a node inside a product's left factor is not read in matrix form");
                if (last) {
                    Mat j = jac(x, c, node);
                    if (j == null) return null;
                    return prefix == null ? j : prefix.times(j, "the network");
                }
                Mat v = eval(x, node);
                prefix = prefix == null ? v : prefix.times(v, "the network");
            }
            return null;
        }
        if (f instanceof Formula.Apply a) {
            Mat j = jac(a.argument(), c, node);
            if (j == null) return null;
            if (a.function().base().equals("softmax")) {
                // s = softmax(z): ∂s/∂z = diag(s) - s s^T, of the node's own (random) value.
                Mat v = eval(a, node);
                return v.diag("the network").plus(v.times(v.transpose(), "the network").negate(), "the network")
                        .times(j, "the network");
            }
            if (a.function().base().equals("sqnorm")) return eval(a.argument(), node).transpose().scale(2).times(j, "the network");
            if (general.get(a) != null) {
                int[] s = shapes.get(a);
                Mat r = Mat.random(dims.width(s[0]), j.rows(), seed * 7919 + key(a, node).hashCode());
                return r.times(j, "the network");
            }
            return derivative(a, node).diag("the network").times(j, "the network");
        }
        if (f instanceof Formula.Concat cat) {
            // ∂[u; v]/∂c: the parts' Jacobians stacked, a zero block for a part that does not use c.
            List<Mat> parts = new ArrayList<>();
            boolean any = false;
            for (Formula x : cat.parts()) {
                Mat j = jac(x, c, node);
                any |= j != null;
                parts.add(j != null ? j : Mat.of(width(x, 0), rows(c)));
            }
            return any ? Mat.stack(parts, "the network") : null;
        }
        throw new Unsupported("the matrix form of " + f.getClass().getSimpleName() + " is not read");
    }

    private int width(Formula f, int which) {
        int[] s = shapes.get(f);
        return s == null ? 1 : dims.width(s[which]);
    }

    private boolean mentions(Formula f, int c) {
        boolean[] hit = {false};
        Formula.walk(f, x -> { if (x instanceof Formula.Ref r && g.id(r.node()) != null && g.id(r.node()) == c) hit[0] = true; });
        return hit[0];
    }

    /** {@code ∂a/∂b}, the sum over all paths of the products of edge Jacobians (numerator layout). */
    Mat total(int a, int b) {
        return totals.computeIfAbsent((long) a * g.size() + b, k -> {
            if (a == b) return Mat.identity(rows(a));
            int[] region = regions.between(a, b);
            Map<Integer, Mat> acc = new HashMap<>();
            if (region.length == 0) return Mat.of(rows(a), rows(b));
            acc.put(a, Mat.identity(rows(a)));
            for (int x : region) {
                Mat w = acc.get(x);
                if (w == null || x == b) continue;
                for (int c : g.children(x)) {
                    if (!inRegion(region, c)) continue;
                    Mat e = w.times(edge(x, c), "the network");
                    acc.merge(c, e, (p, q) -> p.plus(q, "the network"));
                }
            }
            Mat out = acc.get(b);
            return out == null ? Mat.of(rows(a), rows(b)) : out;
        });
    }

    private static boolean inRegion(int[] region, int c) {
        for (int x : region) if (x == c) return true;
        return false;
    }

    /**
     * The gradient of the number {@code s} by the weight {@code w}, in the weight's shape: for every node {@code x}
     * that uses {@code w}, the row {@code ∂s/∂x} pulled back through {@code x}'s formula to each {@code w R}.
     */
    Mat gradient(int s, int w) {
        if (rows(s) != 1 || cols(s) != 1) throw new Unsupported("a derivative of a vector by a matrix is a tensor");
        Mat acc = Mat.of(rows(w), cols(w));
        for (int x : g.parents(w)) {
            if (x != s && !regions.reaches(s, x)) continue;
            Mat u = total(s, x);
            acc = acc.plus(back(g.node(x).local(), u, w, x), "the network");
        }
        return acc;
    }

    /** Reverse mode through one formula: upstream {@code u} (a row, or a matrix gradient for a matrix-valued part). */
    private Mat back(Formula f, Mat u, int w, int node) {
        Mat zero = Mat.of(rows(w), cols(w));
        if (f == null || !mentions(f, w)) return zero;
        if (f instanceof Formula.Ref) return u.rows() == rows(w) && u.cols() == cols(w) ? u : u.transpose();
        if (f instanceof Formula.Scale s) return back(s.operand(), u, w, node).scale(coefficient(s.coefficient()));
        if (f instanceof Formula.Sum s) {
            Mat acc = zero;
            for (Formula t : s.terms()) acc = acc.plus(back(t, u, w, node), "the network");
            return acc;
        }
        if (f instanceof Formula.Product p) {
            Formula first = p.factors().get(0);
            if (!(first instanceof Formula.Ref r && id(r) == w) || p.factors().size() != 2 || mentions(p.factors().get(1), w)) {
                throw new Unsupported("a weight is read in matrix form only as the left factor of `W x`");
            }
            Mat rest = eval(p.factors().get(1), node);
            return u.transpose().times(rest.transpose(), "the network");
        }
        if (f instanceof Formula.Apply a) {
            if (a.function().base().equals("sqnorm") && a.argument() instanceof Formula.Ref r && id(r) == w) {
                return value(w).scale(2).scale(u.a()[0]);
            }
            if (general.get(a) != null) {
                int[] s = shapes.get(a.argument());
                boolean[] matrix = {s == null};
                Formula.walk(a.argument(), x -> { if (x instanceof Formula.Ref r && isMatrix(id(r))) matrix[0] = true; });
                if (matrix[0]) {
                    // r(W): the network does not say what the function of a matrix is, so no explicit value of its
                    // gradient (λW) can be checked against it.
                    throw new Unsupported("∂" + g.node(node).name() + "/∂" + g.node(w).name() + " goes through "
                            + a.function().base() + "(...), a function of a matrix the network leaves unspecified");
                }
                Mat gr = Mat.random(1, dims.width(s[0]), seed * 7919 + key(a, node).hashCode());
                return back(a.argument(), gr.scale(u.a()[0]), w, node);
            }
            Mat d = derivative(a, node);
            Mat v = u.rows() == 1 ? u.transpose().hadamard(d, "the network").transpose() : u.hadamard(d, "the network");
            return back(a.argument(), v, w, node);
        }
        throw new Unsupported("a weight inside " + f.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + " is not read in matrix form yet");
    }
}
