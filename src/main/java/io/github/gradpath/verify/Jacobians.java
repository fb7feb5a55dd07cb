package io.github.gradpath.verify;

import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Analytic Jacobians at one point: of each edge of the graph ({@code ∂u/∂c} with u's other inputs held fixed,
 * by forward-mode differentiation of u's formula), and total derivatives {@code ∂u/∂v} by reverse accumulation
 * over the part of the graph between u and v. The values at the point come from the oracle's forward pass.
 * A matrix is differentiated through its row-major flattening, so {@code ∂u/∂w} is {@code |u| × (rows·cols)}.
 */
final class Jacobians {
    private final ComputationGraph g;
    private final Shapes shapes;
    private final Map<NodeId, double[]> values;
    private final Map<Long, Mat> edges = new HashMap<>();
    private final Map<Long, Mat> totals = new HashMap<>();

    Jacobians(ComputationGraph g, Shapes shapes, Map<NodeId, double[]> values) {
        this.g = g;
        this.shapes = shapes;
        this.values = values;
    }

    /** Sizes by node id, looked up once: ExprEval asks for them for every factor of every row (a NodeId's hash
     *  walks its indices). 0: not looked up yet (no value has size 0). */
    private int[] sizes;

    int size(int node) {
        if (sizes == null) sizes = new int[g.size()];
        int n = sizes[node];
        if (n == 0) n = sizes[node] = shapes.get(g.node(node).name()).size();
        return n;
    }

    /**
     * The largest relative difference between a node's value recomputed from the graph's own formula and the
     * oracle's value: more than rounding means the graph does not compute what the network file says.
     */
    double graphMismatch() {
        double worst = 0;
        for (ComputationGraph.Node n : g.nodes()) {
            if (n.isLeaf()) continue;
            double[] mine = value(n.local(), n.id(), true);
            double[] theirs = values.get(n.name());
            if (theirs == null || theirs.length != mine.length) return Double.POSITIVE_INFINITY;
            for (int i = 0; i < mine.length; i++) {
                worst = Math.max(worst, Math.abs(mine[i] - theirs[i]) / Math.max(1, Math.abs(theirs[i])));
            }
        }
        return worst;
    }

    /** The Jacobian of the single edge {@code user -> used}. */
    Mat edge(int user, int used) {
        return edges.computeIfAbsent(key(user, used), k -> {
            if (!g.hasEdge(user, used)) throw new IllegalArgumentException("no edge");
            Mat j = jac(g.node(user).local(), user, used, true);
            return j == null ? new Mat(size(user), size(used)) : j;
        });
    }

    /**
     * The total derivative {@code ∂num/∂den}: the sum over all paths, by reverse accumulation from {@code num}.
     * One whole sweep gives {@code ∂num/∂c} for every node c below num, and a derivation asks for many of them
     * (the adjoint form's {@code ∂L/∂h_k} for every k: a sweep each was quadratic in the depth), so once a
     * numerator's totals have spanned as many nodes as a whole sweep would, the whole sweep is made and kept
     * (within {@link #SWEPT_BUDGET} entries in all).
     * Either way each total is the same to the bit: a node's adjoint receives the same contributions in the same
     * order (its parents' adjoints times the edges, in the graph's order; every parent of a node that reaches den
     * reaches den too, so the short sweep leaves out no contribution to a node it keeps).
     */
    Mat total(int num, int den) {
        Mat cached = totals.get(key(num, den));
        if (cached != null) return cached;
        Mat result;
        if (num == den) {
            result = Mat.identity(size(num));
        } else {
            Mat[] adj = swept.get(num);
            // Short sweeps over what lies between (∂h_{k+1}/∂w_k in a factored row spans one layer) until their
            // spans add up to a whole sweep's; then one whole sweep answers all the rest (ski rental: never more
            // than twice the work of the better of the two).
            int whole = g.order().length - g.rank(num);
            if (adj == null && asked.merge(num, g.rank(den) - g.rank(num), Integer::sum) > whole) adj = sweep(num);
            Mat m = adj != null ? adj[den] : between(num, den);
            result = m != null ? m : new Mat(size(num), size(den));
        }
        totals.put(key(num, den), result);
        return result;
    }

    /** Entries (doubles) the kept sweeps may hold before they are dropped: about 64 MB. */
    static final long SWEPT_BUDGET = 8_000_000;
    private final Map<Integer, Mat[]> swept = new HashMap<>();
    /** {@link #SWEPT_BUDGET}; tests lower it to make sweeps be dropped and made again. */
    long sweptBudget = SWEPT_BUDGET;
    private long sweptEntries;

    private final Map<Integer, Integer> asked = new HashMap<>();

    /** {@code ∂num/∂den} (null where no path) by a sweep over only the nodes ranked between them that reach den. */
    private Mat between(int num, int den) {
        int top = g.rank(num), bottom = g.rank(den);
        Set<Integer> above = new HashSet<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        above.add(den);
        queue.add(den);
        while (!queue.isEmpty()) {
            for (int p : g.parents(queue.poll())) {
                if (g.rank(p) >= top && above.add(p)) queue.add(p);
            }
        }
        Map<Integer, Mat> adj = new HashMap<>();
        adj.put(num, Mat.identity(size(num)));
        int[] order = g.order();
        for (int i = top; i < bottom; i++) {
            int v = order[i];
            Mat av = adj.get(v);
            if (av == null) continue;
            for (int c : g.children(v)) {
                if (!above.contains(c)) continue;
                Mat contribution = av.times(edge(v, c));
                Mat ac = adj.get(c);
                if (ac == null) adj.put(c, contribution);
                else ac.addInPlace(contribution);
            }
        }
        return adj.get(den);
    }

    /** Every {@code ∂num/∂c} (null where no path), by node id: reverse accumulation over the graph's order. */
    private Mat[] sweep(int num) {
        Mat[] adj = new Mat[g.size()];
        adj[num] = Mat.identity(size(num));
        int[] order = g.order();
        long entries = 0;
        for (int i = g.rank(num); i < order.length; i++) {
            int v = order[i];
            Mat av = adj[v];
            if (av == null) continue;
            entries += av.a.length;
            for (int c : g.children(v)) {
                Mat contribution = av.times(edge(v, c));
                Mat ac = adj[c];
                if (ac == null) adj[c] = contribution;
                else ac.addInPlace(contribution);
            }
        }
        if (sweptEntries + entries > sweptBudget) {
            swept.clear();
            sweptEntries = 0;
        }
        swept.put(num, adj);
        sweptEntries += entries;
        return adj;
    }

    /**
     * The loss, or a term of a loss written as an expression ({@code l_t} in {@code loss L = sum(l_t(o_t) ...)}):
     * an application the graph made a node of its own, read by the loss alone, whose value is a scalar.
     */
    private boolean isLoss(int owner) {
        if (owner == g.loss()) return true;
        int[] ps = g.parents(owner);
        return ps.length == 1 && ps[0] == g.loss() && !(g.node(g.loss()).local() instanceof Formula.Apply)
                && g.node(owner).kind() == ComputationGraph.Kind.INTERMEDIATE && size(owner) == 1;
    }

    double coefficient(Formula.Coefficient c) {
        double k = (double) c.numerator() / c.denominator();
        for (String s : c.scalars()) k *= shapes.scalar(s);
        return k;
    }

    double scalar(String name) { return shapes.scalar(name); }

    private static long key(int a, int b) { return ((long) a << 32) | (b & 0xffffffffL); }

    /** A part of {@code owner}'s formula evaluated at the forward values (the argument of its function, for δ). */
    double[] valueOf(Formula f, int owner) { return value(f, owner, false); }

    /** A formula's value from its operands' values. {@code whole}: the formula is the node's entire definition. */
    private double[] value(Formula f, int owner, boolean whole) {
        if (f instanceof Formula.Ref r) return values.get(r.node());
        if (f instanceof Formula.Sum s) {
            double[] acc = value(s.terms().get(0), owner, false).clone();
            for (int i = 1; i < s.terms().size(); i++) {
                double[] t = value(s.terms().get(i), owner, false);
                for (int k = 0; k < acc.length; k++) acc[k] += t[k];
            }
            return acc;
        }
        if (f instanceof Formula.Apply a) {
            double[] z = value(a.argument(), owner, false);
            if (whole && isLoss(owner)) return new double[] {Functions.Loss.of(a.function().base()).value(z)};
            return Functions.activation(a.function().base()).apply(z);
        }
        if (f instanceof Formula.Hadamard h) {
            double[] acc = value(h.factors().get(0), owner, false).clone();
            for (int i = 1; i < h.factors().size(); i++) {
                double[] t = value(h.factors().get(i), owner, false);
                for (int k = 0; k < acc.length; k++) acc[k] *= t[k];
            }
            return acc;
        }
        if (f instanceof Formula.Concat c) {
            List<double[]> parts = new java.util.ArrayList<>();
            int n = 0;
            for (Formula x : c.parts()) {
                double[] v = value(x, owner, false);
                parts.add(v);
                n += v.length;
            }
            double[] out = new double[n];
            int at = 0;
            for (double[] v : parts) {
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
            return out;
        }
        if (f instanceof Formula.Scale sc) {
            double[] x = value(sc.operand(), owner, false).clone();
            double k = coefficient(sc.coefficient());
            for (int i = 0; i < x.length; i++) x[i] *= k;
            return x;
        }
        if (f instanceof Formula.Constant k) {
            double[] v = new double[shapes.constantWidth(k)];
            java.util.Arrays.fill(v, (double) k.numerator() / k.denominator());
            return v;
        }
        double[][] partial = productValues((Formula.Product) f, owner);
        return partial[0];
    }

    /** {@code r[i] = M_i ⋯ M_{m-1} v} for a product {@code M_0 ⋯ M_{m-1} v}; {@code r[m] = v}. */
    private double[][] productValues(Formula.Product p, int owner) {
        List<Formula> fs = p.factors();
        int m = fs.size() - 1;
        double[][] r = new double[m + 1][];
        r[m] = value(fs.get(m), owner, false);
        for (int i = m - 1; i >= 0; i--) r[i] = matrix(fs.get(i)).times(new Mat(r[i + 1].length, 1, r[i + 1])).a;
        return r;
    }

    private Mat matrix(Formula f) {
        NodeId id = ((Formula.Ref) f).node();
        Shapes.Shape s = shapes.get(id);
        return new Mat(s.rows(), s.cols(), values.get(id));
    }

    /** {@code ∂f/∂c} as a {@code |f| × |c|} matrix, or null for zero. */
    private Mat jac(Formula f, int owner, int c, boolean whole) {
        if (f instanceof Formula.Ref r) {
            return g.id(r.node()) == c ? Mat.identity(size(c)) : null;
        }
        if (f instanceof Formula.Sum s) {
            Mat acc = null;
            for (Formula t : s.terms()) {
                Mat j = jac(t, owner, c, false);
                if (j != null) acc = acc == null ? j : acc.plus(j);
            }
            return acc;
        }
        if (f instanceof Formula.Apply a) {
            Mat inner = jac(a.argument(), owner, c, false);
            if (inner == null) return null;
            double[] z = value(a.argument(), owner, false);
            if (whole && isLoss(owner)) {
                double[] grad = Functions.Loss.of(a.function().base()).gradient(z);
                return new Mat(1, grad.length, grad).times(inner);
            }
            return Functions.activation(a.function().base()).chain(z, inner);
        }
        if (f instanceof Formula.Constant) return null;
        if (f instanceof Formula.Scale sc) {
            Mat inner = jac(sc.operand(), owner, c, false);
            if (inner == null) return null;
            double k = coefficient(sc.coefficient());
            Mat r = new Mat(inner.rows, inner.cols);
            for (int i = 0; i < r.a.length; i++) r.a[i] = k * inner.a[i];
            return r;
        }
        if (f instanceof Formula.Hadamard h) {
            // The product rule: ∂(u ⊙ v)/∂c = diag(v) ∂u/∂c + diag(u) ∂v/∂c.
            List<Formula> fs = h.factors();
            double[][] vals = new double[fs.size()][];
            for (int i = 0; i < vals.length; i++) vals[i] = value(fs.get(i), owner, false);
            Mat acc = null;
            for (int i = 0; i < vals.length; i++) {
                Mat ji = jac(fs.get(i), owner, c, false);
                if (ji == null) continue;
                double[] others = new double[vals[i].length];
                java.util.Arrays.fill(others, 1);
                for (int k = 0; k < vals.length; k++) {
                    if (k != i) for (int e = 0; e < others.length; e++) others[e] *= vals[k][e];
                }
                Mat term = ji.scaleRows(others);
                acc = acc == null ? term : acc.plus(term);
            }
            return acc;
        }
        if (f instanceof Formula.Concat cc) {
            // The block selector: each part's Jacobian in its own rows.
            List<Mat> blocks = new java.util.ArrayList<>();
            int rows = 0;
            boolean any = false;
            for (Formula x : cc.parts()) {
                Mat j = jac(x, owner, c, false);
                int w = value(x, owner, false).length;
                blocks.add(j == null ? new Mat(w, size(c)) : j);
                any |= j != null;
                rows += w;
            }
            if (!any) return null;
            Mat out = new Mat(rows, size(c));
            int at = 0;
            for (Mat b : blocks) {
                System.arraycopy(b.a, 0, out.a, at * out.cols, b.a.length);
                at += b.rows;
            }
            return out;
        }
        Formula.Product p = (Formula.Product) f;
        List<Formula> fs = p.factors();
        int m = fs.size() - 1;
        double[][] r = productValues(p, owner);
        Mat acc = null;
        Mat prefix = null; // M_0 ⋯ M_{i-1}; null is the identity
        for (int i = 0; i < m; i++) {
            Mat mi = matrix(fs.get(i));
            if (g.id(((Formula.Ref) fs.get(i)).node()) == c) {
                // d(M r)/d vec(M), row-major: row a holds r^T in the columns of M's row a.
                Mat d = new Mat(mi.rows, mi.rows * mi.cols);
                for (int row = 0; row < mi.rows; row++) {
                    System.arraycopy(r[i + 1], 0, d.a, row * d.cols + row * mi.cols, mi.cols);
                }
                Mat term = prefix == null ? d : prefix.times(d);
                acc = acc == null ? term : acc.plus(term);
            }
            prefix = prefix == null ? mi : prefix.times(mi);
        }
        Mat inner = jac(fs.get(m), owner, c, false);
        if (inner != null) {
            Mat term = prefix == null ? inner : prefix.times(inner);
            acc = acc == null ? term : acc.plus(term);
        }
        return acc;
    }
}
