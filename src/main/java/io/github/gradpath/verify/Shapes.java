package io.github.gradpath.verify;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The size of every named value of a network, read from its definitions (not from the graph). A leaf written
 * to the left of a juxtaposition ({@code w} in {@code w h}) is a matrix, every other value a vector; the loss is
 * a scalar. Widths are unknowns joined by what the formulas force (the terms of a sum and an elementwise
 * function keep a width, {@code w h} needs {@code cols(w) = width(h)}), solved by union-find, then every class
 * of equal widths gets one width: all the same, or drawn from the seed.
 */
final class Shapes {
    /** {@code rows × cols}; a vector has {@code cols == 1} and {@code matrix == false}. */
    record Shape(int rows, int cols, boolean matrix) {
        int size() { return rows * cols; }
    }

    private final Map<NodeId, Shape> shapes = new LinkedHashMap<>();
    private final List<Integer> parent = new ArrayList<>();
    private final Map<NodeId, Integer> vectorVar = new HashMap<>();
    private final Map<NodeId, int[]> matrixVars = new LinkedHashMap<>();
    private final Network net;
    private final Diagnostics diags;
    /** The terms of a loss written as an expression ({@code l_t} in {@code loss L = sum(l_t(o_t) ...)}): scalars. */
    private final java.util.Set<NodeId> lossTerms = new java.util.HashSet<>();
    private final java.util.IdentityHashMap<Formula, Boolean> wholes = new java.util.IdentityHashMap<>();
    /** Width variables of constant vectors ({@code 1} in {@code 1 - t}), which have no name. */
    private final java.util.IdentityHashMap<Formula, Integer> constantVars = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<Formula, Integer> constantWidths = new java.util.IdentityHashMap<>();
    /** {@code result, part_1, ..., part_k}: a concatenation's width is the sum of its parts' widths. */
    private final List<int[]> sums = new ArrayList<>();
    private final Map<String, Double> scalars = new LinkedHashMap<>();

    private Shapes(Network net, Diagnostics diags) {
        this.net = net;
        this.diags = diags;
        for (Network.Definition d : net.definitions()) wholes.put(d.formula(), true);
    }

    /**
     * Shapes with every width {@code dim}, or (when {@code random}) each class of equal widths given a width in
     * {@code 1..dim} drawn from {@code seed}. Throws {@link InputException} when a formula cannot be given shapes.
     */
    static Shapes of(Network net, int dim, boolean random, long seed) {
        Diagnostics d = new Diagnostics();
        Shapes s = new Shapes(net, d);
        s.solve(dim, random, seed);
        if (d.hasErrors()) throw new InputException(d);
        return s;
    }

    Shape get(NodeId id) {
        Shape s = shapes.get(id);
        if (s == null) throw new IllegalStateException("no shape for " + id);
        return s;
    }

    boolean isMatrix(NodeId id) { return matrixVars.containsKey(id); }

    /** The width of a constant vector of a formula ({@code 1} in {@code 1 - t}). */
    int constantWidth(Formula f) {
        Integer w = constantWidths.get(f);
        if (w == null) throw new IllegalStateException("no width for a constant");
        return w;
    }

    /**
     * The value of a named scalar ({@code lambda}): drawn from the seed in [0.3, 0.9] and never 1, so a
     * coefficient dropped or put in the wrong term shows.
     */
    double scalar(String name) {
        Double v = scalars.get(name);
        if (v == null) throw new IllegalStateException("no value for the scalar " + name);
        return v;
    }

    Map<String, Double> scalars() { return java.util.Collections.unmodifiableMap(scalars); }

    private void solve(int dim, boolean random, long seed) {
        List<NodeId> leaves = new ArrayList<>();
        for (Network.Leaf l : net.inputs()) leaves.add(l.id());
        for (Network.Leaf l : net.params()) leaves.add(l.id());
        findMatrices(leaves);
        for (NodeId l : leaves) if (!matrixVars.containsKey(l)) vectorVar(l);
        for (Network.Definition d : net.definitions()) {
            if (d == net.loss() && d.formula() instanceof Formula.Apply a) {
                width(a.argument());
            } else if (d == net.loss()) {
                // A loss written as terms: each term's loss function gives a scalar of its own.
                List<Formula> terms = d.formula() instanceof Formula.Sum s ? s.terms() : List.of(d.formula());
                for (Formula t : terms) {
                    // `(1/2) l(h)`: a coefficient times a loss term is still a scalar term.
                    if (t instanceof Formula.Scale sc && sc.operand() instanceof Formula.Apply) t = sc.operand();
                    if (t instanceof Formula.Apply a) {
                        // A regularizer of a matrix (`r(W)`) is a scalar function of all its entries: the
                        // matrix keeps its shape, its value is read as the vector of its entries.
                        boolean ofMatrix = a.argument() instanceof Formula.Ref r && matrixVars.containsKey(r.node());
                        if (!ofMatrix) width(a.argument());
                        lossTerms.add(a.function());
                    } else {
                        error(t.pos(), "verify reads a loss written as terms only as loss functions applied to "
                                + "nodes, such as `l_t(o_t)`; `" + describe(t) + "` is not one");
                    }
                }
            } else {
                union(vectorVar(d.target()), width(d.formula()));
            }
        }
        if (diags.hasErrors()) return;
        Map<Integer, Integer> widthOfRoot = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        // Two concatenations of as many parts that must be as wide (one weight over the steps of an LSTM,
        // [h_0; x_1] and [h_1; x_2]) get their parts pairwise as wide: one solution of the widths, always valid.
        Map<Integer, int[]> firstSum = new HashMap<>();
        for (int[] c : sums) {
            int[] other = firstSum.putIfAbsent(find(c[0]), c);
            if (other != null && other.length == c.length) for (int i = 1; i < c.length; i++) union(other[i], c[i]);
        }
        java.util.Set<Integer> summed = new java.util.HashSet<>();
        for (int[] c : sums) summed.add(find(c[0]));
        for (int v = 0; v < parent.size(); v++) {
            int r = find(v);
            if (summed.contains(r)) continue;
            if (!widthOfRoot.containsKey(r)) widthOfRoot.put(r, random ? 1 + rnd.nextInt(dim) : dim);
        }
        if (!solveSums(widthOfRoot)) return;
        SplittableRandom srnd = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        for (String name : net.scalars()) scalars.put(name, 0.3 + 0.6 * srnd.nextDouble());
        constantVars.forEach((f, v) -> constantWidths.put(f, widthOfRoot.get(find(v))));
        for (NodeId l : leaves) {
            int[] m = matrixVars.get(l);
            if (m != null) shapes.put(l, new Shape(widthOfRoot.get(find(m[0])), widthOfRoot.get(find(m[1])), true));
        }
        vectorVar.forEach((id, v) -> shapes.put(id, new Shape(widthOfRoot.get(find(v)), 1, false)));
        shapes.put(net.loss().target(), new Shape(1, 1, false));
        for (NodeId t : lossTerms) shapes.put(t, new Shape(1, 1, false));
    }

    /**
     * Widths of concatenations, each the sum of its parts' once those are known, until nothing changes. A width
     * left over, or a concatenation whose width is forced to something else, cannot be given sizes.
     */
    private boolean solveSums(Map<Integer, Integer> widthOfRoot) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] c : sums) {
                long total = 0;
                boolean known = true;
                for (int i = 1; i < c.length && known; i++) {
                    Integer w = widthOfRoot.get(find(c[i]));
                    if (w == null) known = false;
                    else total += w;
                }
                if (!known) continue;
                Integer have = widthOfRoot.get(find(c[0]));
                if (have == null) {
                    if (total > 1_000_000) {
                        error(net.loss().pos(), "a concatenation would be " + total + " wide; use a smaller --dim");
                        return false;
                    }
                    widthOfRoot.put(find(c[0]), (int) total);
                    changed = true;
                } else if (have != total) {
                    error(net.loss().pos(), "the widths cannot fit: a concatenation of width " + total
                            + " must also have width " + have + " (two concatenations of different parts are added "
                            + "or multiplied by one matrix)");
                    return false;
                }
            }
        }
        for (int v = 0; v < parent.size(); v++) {
            if (!widthOfRoot.containsKey(find(v))) {
                error(net.loss().pos(), "the widths cannot fit: a concatenation contains a value as wide as itself");
                return false;
            }
        }
        return true;
    }

    /** Leaves to the left of a juxtaposition are matrices; defined values there cannot be. */
    private void findMatrices(List<NodeId> leaves) {
        java.util.Set<NodeId> leafSet = new java.util.HashSet<>(leaves);
        for (Network.Definition d : net.definitions()) {
            Formula.walk(d.formula(), f -> {
                if (!(f instanceof Formula.Product p)) return;
                for (int i = 0; i + 1 < p.factors().size(); i++) {
                    Formula x = p.factors().get(i);
                    if (x instanceof Formula.Ref r && leafSet.contains(r.node())) {
                        matrixVars.computeIfAbsent(r.node(), k -> new int[] {newVar(), newVar()});
                    } else {
                        error(x.pos(), "verify gives a matrix only to a parameter or input written left of a "
                                + "product; `" + describe(x) + "` is computed, so it is a vector and cannot multiply");
                    }
                }
            });
        }
    }

    /** The width variable of a formula's value. Recursion follows one written expression, not the network. */
    private int width(Formula f) {
        if (f instanceof Formula.Ref r) {
            if (matrixVars.containsKey(r.node())) {
                error(r.pos(), "`" + r.node() + "` multiplies a vector elsewhere, so it is a matrix, but here it is "
                        + "used as a vector");
                return newVar();
            }
            return vectorVar(r.node());
        }
        if (f instanceof Formula.Sum s) {
            int v = width(s.terms().get(0));
            for (int i = 1; i < s.terms().size(); i++) union(v, width(s.terms().get(i)));
            return v;
        }
        if (f instanceof Formula.Apply a) {
            int v = width(a.argument());
            // A nested application is a value of its own, named after its function (as the graph names it).
            if (!isWholeOfSomeDefinition(a)) union(vectorVar(a.function()), v);
            return v;
        }
        if (f instanceof Formula.Hadamard h) {
            int v = width(h.factors().get(0));
            for (int i = 1; i < h.factors().size(); i++) union(v, width(h.factors().get(i)));
            return v;
        }
        if (f instanceof Formula.Scale sc) return width(sc.operand());
        if (f instanceof Formula.Constant) return constantVars.computeIfAbsent(f, k -> newVar());
        if (f instanceof Formula.Concat c) {
            int[] sum = new int[c.parts().size() + 1];
            sum[0] = newVar();
            for (int i = 0; i < c.parts().size(); i++) sum[i + 1] = width(c.parts().get(i));
            sums.add(sum);
            return sum[0];
        }
        Formula.Product p = (Formula.Product) f;
        List<Formula> fs = p.factors();
        int v = width(fs.get(fs.size() - 1));
        for (int i = fs.size() - 2; i >= 0; i--) {
            int[] m = fs.get(i) instanceof Formula.Ref r ? matrixVars.get(r.node()) : null;
            if (m == null) return newVar(); // reported by findMatrices
            union(m[1], v);
            v = m[0];
        }
        return v;
    }

    /** A definition's entire right-hand side is its target's value, not a nested value of its own. */
    private boolean isWholeOfSomeDefinition(Formula.Apply a) {
        return wholes.containsKey(a);
    }

    private int vectorVar(NodeId id) {
        return vectorVar.computeIfAbsent(id, k -> newVar());
    }

    private int newVar() {
        parent.add(parent.size());
        return parent.size() - 1;
    }

    private int find(int v) {
        while (parent.get(v) != v) {
            parent.set(v, parent.get(parent.get(v)));
            v = parent.get(v);
        }
        return v;
    }

    /** The smaller variable becomes the root, so which width a class gets does not depend on merge order. */
    private void union(int a, int b) {
        int ra = find(a), rb = find(b);
        if (ra == rb) return;
        if (ra < rb) parent.set(rb, ra);
        else parent.set(ra, rb);
    }

    private void error(Pos pos, String msg) {
        diags.error(net.source(), pos, msg);
    }

    private static String describe(Formula f) {
        if (f instanceof Formula.Ref r) return r.node().toString();
        if (f instanceof Formula.Apply a) return a.function() + "(...)";
        return "(...)";
    }

}
