package io.github.gradpath.derive;

import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Dominators;
import io.github.gradpath.graph.Paths;
import io.github.gradpath.graph.Reach;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The factored form, the way a person writes it.
 *
 * <p>Gradient rows. The nodes every path from {@code L} to the target passes through (its dominator chain
 * {@code L = d_0, ..., d_k = t}) cut {@code ∂L/∂t} into a product of total derivatives between consecutive cut
 * points. Above the first merge node (a node using two or more non-parameter nodes, e.g. {@code s_q = h_p + h_q})
 * each factor is a single edge; from the merge node down to the node just above the target the chain is written
 * as one named factor {@code ∂s_q/∂h_k}, as textbooks do; the last factor is the edge into the target.
 *
 * <p>Definitions. A named factor {@code ∂u/∂v} is defined by up to three equal right-hand sides: its own
 * dominator chain, single-path runs as one factor ({@code ∂s_q/∂h_p × ∂h_p/∂h_k}); then each multi-path step
 * opened into the sum over the branches leaving it, identity edges dropped
 * ({@code (1 + ∂h_q/∂h_p) × ∂h_p/∂h_k}); then every single-path factor spelled out edge by edge. A branch that
 * itself has several paths stays a named factor with a definition of its own.
 *
 * <p>Guarantee: every row is exact under the total-derivative reading, because it only ever splits a total
 * derivative at dominators (exact by the chain rule) or at the first step of a region (exact by linearity).
 * Size: each named factor is a pair of nodes and is defined once, in time and size linear in the graph, so the
 * output is polynomial (at most quadratic in the nodes) even where the number of paths is exponential.
 * It is not minimal: finding the smallest such expression is NP-complete (Naumann 2008).
 */
final class Factorizer {
    private final ComputationGraph g;
    private final Vars vars;
    private final boolean[] fromLoss;
    private final Map<Long, Row.Equation> definitions = new LinkedHashMap<>();
    private final ArrayDeque<long[]> queue = new ArrayDeque<>();
    private final Map<Integer, int[]> countsTo = new HashMap<>();

    Factorizer(ComputationGraph g) {
        this.g = g;
        this.vars = new Vars(g);
        this.fromLoss = Reach.from(g, g.loss());
    }

    Row.Equation gradient(int t) {
        int loss = g.loss();
        Expr lhs = vars.partial(loss, t);
        if (!fromLoss[t] || t == loss) return new Row.Equation(lhs, t == loss ? new Expr.One() : new Expr.Zero());
        int[] d = Dominators.chain(g, loss, t, fromLoss);
        int k = d.length - 1;
        int last = singlePath(d[k - 1], d[k], fromLoss) ? k - 1 : k;
        int merge = -1;
        for (int i = 0; i < last; i++) {
            if (isMerge(d[i])) { merge = i; break; }
        }
        List<Expr> factors = new ArrayList<>();
        int stop = merge < 0 ? k : merge;
        for (int i = 0; i < stop; i++) factors.add(step(d[i], d[i + 1]));
        if (merge >= 0) {
            // The loss itself merges every route to t (a loss over several outputs, a weight shared across
            // steps): one named factor would be the left side itself. Sum over t's uses instead.
            if (merge == 0 && last == k) return new Row.Equation(lhs, overUses(t));
            if (merge < last) factors.add(named(d[merge], d[last]));
            if (last < k) factors.add(step(d[last], d[k]));
        }
        return new Row.Equation(lhs, new Expr.Product(factors));
    }

    /**
     * {@code Σ_u ∂L/∂u × ∂u/∂v} over the users {@code u} of {@code v} that the loss reaches, each edge marked
     * direct where other routes join the same two nodes: a shared weight's gradient as the sum over its uses
     * ({@code Σ_t ∂L/∂h_t × ∂h_t/∂W|direct}). Each {@code ∂L/∂u} that is no single edge is a named factor
     * defined the same way, which is the backpropagation-through-time recurrence
     * ({@code ∂L/∂h_t = ∂L/∂y_t × ∂y_t/∂h_t + ∂L/∂h_{t+1} × ∂h_{t+1}/∂h_t}).
     */
    private Expr overUses(int v) {
        int loss = g.loss();
        List<Expr> terms = new ArrayList<>();
        for (int u : usesInOrder(v)) {
            List<Expr> f = new ArrayList<>();
            if (u != loss) f.add(g.hasEdge(loss, u) && counts(u)[loss] == 1 ? vars.partial(loss, u) : namedByUses(u));
            Expr uv = vars.factor(u, v);
            if (uv != null) f.add(uv);
            terms.add(product(f));
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
    }

    /**
     * The users of {@code v} the loss reaches, nearest the loss first (fewest edges; ties in graph order), so a
     * step's own output term comes before the recurrence term, as textbooks write it.
     */
    private List<Integer> usesInOrder(int v) {
        if (distance == null) {
            distance = new int[g.size()];
            java.util.Arrays.fill(distance, Integer.MAX_VALUE);
            ArrayDeque<Integer> bfs = new ArrayDeque<>();
            distance[g.loss()] = 0;
            bfs.add(g.loss());
            while (!bfs.isEmpty()) {
                int x = bfs.poll();
                for (int c : g.children(x)) {
                    if (distance[c] == Integer.MAX_VALUE) {
                        distance[c] = distance[x] + 1;
                        bfs.add(c);
                    }
                }
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int u : g.parents(v)) if (fromLoss[u]) out.add(u);
        out.sort(java.util.Comparator.comparingInt((Integer u) -> distance[u]));
        return out;
    }

    private int[] distance;

    /** {@code ∂L/∂u} as a named factor defined over the uses of {@code u}. */
    private Expr namedByUses(int u) {
        long key = key(g.loss(), u);
        if (!definitions.containsKey(key)) {
            definitions.put(key, null);
            queue.add(new long[] {g.loss(), u, 1});
        }
        return vars.partial(g.loss(), u);
    }

    /** Definitions of every named factor used so far (and of those their definitions use). */
    List<Row> definitions() {
        while (!queue.isEmpty()) {
            long[] p = queue.poll();
            Row.Equation d = p.length > 2
                    ? new Row.Equation(vars.partial((int) p[0], (int) p[1]), overUses((int) p[1]))
                    : define((int) p[0], (int) p[1]);
            definitions.put(key((int) p[0], (int) p[1]), d);
        }
        return new ArrayList<>(definitions.values());
    }

    private boolean isMerge(int v) {
        int vars = 0;
        for (int c : g.children(v)) if (g.node(c).kind() != ComputationGraph.Kind.PARAM) vars++;
        return vars >= 2;
    }

    /** Consecutive cut points {@code a, b} are joined by the single edge {@code a -> b} alone. */
    private boolean singlePath(int a, int b, boolean[] region) {
        int n = 0;
        for (int p : g.parents(b)) if (region[p]) n++;
        return n == 1 && g.hasEdge(a, b);
    }

    /** The factor between consecutive cut points: an edge, or a named region. */
    private Expr step(int a, int b) {
        if (g.hasEdge(a, b) && counts(b)[a] == 1) return vars.partial(a, b);
        return named(a, b);
    }

    /** {@code ∂a/∂b} as one factor; queued for a definition unless it is a lone edge. */
    private Expr named(int a, int b) {
        if (!(g.hasEdge(a, b) && counts(b)[a] == 1)) {
            long key = key(a, b);
            if (!definitions.containsKey(key)) {
                definitions.put(key, null);
                queue.add(new long[] {a, b});
            }
        }
        return vars.partial(a, b);
    }

    private static long key(int a, int b) { return ((long) a << 32) | (b & 0xffffffffL); }

    private int[] counts(int to) {
        return countsTo.computeIfAbsent(to, t -> Paths.cappedCountsTo(g, t, 2));
    }

    private Row.Equation define(int u, int v) {
        Expr lhs = vars.partial(u, v);
        boolean[] region = Reach.from(g, u);
        int[] e = Dominators.chain(g, u, v, region);
        List<Expr> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>();
        int i = 0;
        while (i < e.length - 1) {
            if (singlePath(e[i], e[i + 1], region)) {
                int j = i;
                while (j < e.length - 1 && singlePath(e[j], e[j + 1], region)) j++;
                Expr run = vars.partial(e[i], e[j]);
                a.add(run);
                b.add(run);
                for (int x = i; x < j; x++) c.add(vars.partial(e[x], e[x + 1]));
                i = j;
            } else {
                // No definition queued: the next right-hand side opens this step right here.
                a.add(vars.partial(e[i], e[i + 1]));
                b.add(branches(e[i], e[i + 1], false));
                c.add(branches(e[i], e[i + 1], true));
                i++;
            }
        }
        List<Expr> rhs = new ArrayList<>();
        for (Expr x : List.of(product(a), product(b), product(c))) {
            if (!x.equals(lhs) && !rhs.contains(x)) rhs.add(x);
        }
        return new Row.Equation(lhs, rhs, "");
    }

    /** {@code Σ_c ∂a/∂c × ∂c/∂b} over the users' children c of {@code a} that lead to {@code b}. */
    private Expr branches(int a, int b, boolean spelled) {
        int[] toB = counts(b);
        List<Expr> terms = new ArrayList<>();
        for (int c : g.children(a)) {
            if (toB[c] == 0) continue;
            List<Expr> f = new ArrayList<>();
            Expr ac = vars.factor(a, c);
            if (ac != null) f.add(ac);
            if (c != b) {
                if (toB[c] > 1) f.add(named(c, b));
                else if (spelled) f.addAll(chainEdges(c, b, toB));
                else f.add(vars.partial(c, b));
            }
            terms.add(f.isEmpty() ? new Expr.One() : product(f));
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
    }

    /** The edges of the only path {@code c -> b}, identities dropped (we are inside a sum). */
    private List<Expr> chainEdges(int c, int b, int[] toB) {
        List<Expr> out = new ArrayList<>();
        int x = c;
        while (x != b) {
            int next = -1;
            for (int y : g.children(x)) if (toB[y] > 0) { next = y; break; }
            Expr xn = vars.factor(x, next);
            if (xn != null) out.add(xn instanceof Expr.Partial ? vars.partial(x, next) : xn);
            x = next;
        }
        return out;
    }

    private static Expr product(List<Expr> fs) {
        if (fs.isEmpty()) return new Expr.One();
        return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
    }
}
