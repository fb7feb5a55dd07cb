package io.github.gradpath.derive;

import io.github.gradpath.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test oracle: an expression expanded to a polynomial in non-commuting edge symbols. A term is the sequence of
 * non-identity edges of a path (identity edges are 1), with its multiplicity. A total derivative expands to all
 * paths, found here by plain recursive search written for the tests, independent of the engine's path code.
 */
final class PathPolynomial {
    private PathPolynomial() {}

    static Map<List<String>, Long> expand(Expr e, ComputationGraph g) {
        Map<List<String>, Long> out = new TreeMap<>(PathPolynomial::compare);
        if (e instanceof Expr.One) {
            out.put(List.of(), 1L);
        } else if (e instanceof Expr.Zero) {
            return out;
        } else if (e instanceof Expr.Partial p) {
            int a = id(g, p.numerator()), b = id(g, p.denominator());
            if (p.direct()) {
                if (!g.hasEdge(a, b)) throw new AssertionError("direct partial without an edge: " + p);
                out.put(g.isIdentityEdge(a, b) ? List.of() : List.of(a + ">" + b), 1L);
            } else {
                walk(g, a, b, new ArrayList<>(), out);
            }
        } else if (e instanceof Expr.Sum s) {
            for (Expr t : s.terms()) expand(t, g).forEach((k, v) -> out.merge(k, v, Long::sum));
        } else if (e instanceof Expr.Product p) {
            out.put(List.of(), 1L);
            for (Expr f : p.factors()) {
                Map<List<String>, Long> next = new TreeMap<>(PathPolynomial::compare);
                Map<List<String>, Long> right = expand(f, g);
                out.forEach((k1, v1) -> right.forEach((k2, v2) -> {
                    List<String> k = new ArrayList<>(k1);
                    k.addAll(k2);
                    next.merge(k, v1 * v2, Long::sum);
                }));
                out.clear();
                out.putAll(next);
            }
        } else {
            throw new AssertionError("unexpected in a gradient: " + e);
        }
        return out;
    }

    private static void walk(ComputationGraph g, int v, int target, List<String> edges, Map<List<String>, Long> out) {
        if (v == target) {
            out.merge(List.copyOf(edges), 1L, Long::sum);
            return;
        }
        for (int c : g.children(v)) {
            boolean id = g.isIdentityEdge(v, c);
            if (!id) edges.add(v + ">" + c);
            walk(g, c, target, edges, out);
            if (!id) edges.remove(edges.size() - 1);
        }
    }

    private static int id(ComputationGraph g, Expr.Var v) {
        for (ComputationGraph.Node n : g.nodes()) {
            if (n.name().base().equals(v.base()) && n.name().subscript().equals(v.subscript())) return n.id();
        }
        throw new AssertionError("no node for " + v);
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }
}
