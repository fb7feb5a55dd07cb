package io.github.gradpath.check;

import io.github.gradpath.graph.ComputationGraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes on some path from {@code a} down to {@code b}, in topological order (users first), found by a
 * search bounded by rank, so a factor spanning one layer costs one layer, not the whole network. Cached per pair.
 */
final class Regions {
    private final ComputationGraph g;
    private final Map<Long, int[]> cache = new HashMap<>();

    Regions(ComputationGraph g) {
        this.g = g;
        this.weights = new long[g.size()][][];
    }

    /** A pair as one map key; {@code a * n + b} spreads well under {@code Long.hashCode}, unlike {@code a << 32 | b}. */
    private long key(int a, int b) { return (long) a * g.size() + b; }

    ComputationGraph graph() { return g; }

    /** Region of {@code a -> b} (empty when {@code b} is not below {@code a}); {@code [a]} when equal. */
    int[] between(int a, int b) {
        long key = key(a, b);
        int[] r = cache.get(key);
        if (r == null) {
            r = compute(a, b);
            cache.put(key, r);
        }
        return r;
    }

    private int[] compute(int a, int b) {
        if (a == b) return new int[] {a};
        int limit = g.rank(b);
        if (g.rank(a) > limit) return new int[0];
        List<Integer> seen = new ArrayList<>();
        java.util.HashSet<Integer> mark = new java.util.HashSet<>();
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        stack.push(a);
        mark.add(a);
        while (!stack.isEmpty()) {
            int x = stack.pop();
            seen.add(x);
            if (x == b) continue;
            for (int c : g.children(x)) if (g.rank(c) <= limit && mark.add(c)) stack.push(c);
        }
        if (!mark.contains(b)) return new int[0];
        seen.sort((x, y) -> Integer.compare(g.rank(x), g.rank(y)));
        java.util.HashSet<Integer> reaches = new java.util.HashSet<>();
        reaches.add(b);
        for (int i = seen.size() - 1; i >= 0; i--) {
            int x = seen.get(i);
            for (int c : g.children(x)) if (reaches.contains(c)) { reaches.add(x); break; }
        }
        return seen.stream().filter(reaches::contains).mapToInt(Integer::intValue).toArray();
    }

    private final Map<Long, Integer> degrees = new HashMap<>();
    private final long[][][] weights;

    /** The most non-identity edges on one path {@code a -> b}: the largest term length of {@code ∂a/∂b}. */
    int degree(int a, int b) {
        long key = key(a, b);
        Integer d = degrees.get(key);
        if (d != null) return d;
        int[] r = between(a, b);
        int best = 0;
        if (r.length > 1) {
            Map<Integer, Integer> len = new HashMap<>();
            java.util.HashSet<Integer> in = new java.util.HashSet<>();
            for (int x : r) in.add(x);
            len.put(a, 0);
            for (int x : r) {
                Integer lx = len.get(x);
                if (lx == null) continue;
                for (int c : g.children(x)) {
                    if (!in.contains(c)) continue;
                    int l = lx + (g.isIdentityEdge(x, c) ? 0 : 1);
                    len.merge(c, l, Math::max);
                }
            }
            best = len.getOrDefault(b, 0);
        }
        degrees.put(key, best);
        return best;
    }

    /**
     * The random weights of edge {@code user -> used} at positions {@code 0..n-1}, made by {@code maker} once and
     * kept: the same edge is multiplied in many rows.
     */
    long[] weights(int user, int used, int n, java.util.function.IntToLongFunction maker) {
        int[] cs = g.children(user);
        int k = 0;
        while (cs[k] != used) k++;
        if (weights[user] == null) weights[user] = new long[cs.length][];
        long[] w = weights[user][k];
        if (w == null || w.length < n) {
            int old = w == null ? 0 : w.length;
            long[] grown = w == null ? new long[n] : java.util.Arrays.copyOf(w, n);
            for (int j = old; j < n; j++) grown[j] = maker.applyAsLong(j);
            weights[user][k] = grown;
            w = grown;
        }
        return w;
    }

    /** Whether {@code b} is reachable from {@code a} ({@code a == b} included). */
    boolean reaches(int a, int b) { return between(a, b).length > 0; }

    /** Whether {@code a} reaches {@code b} through identity edges only (an omitted identity factor). */
    boolean identityJoined(int a, int b) {
        if (a == b) return true;
        int[] r = between(a, b);
        if (r.length == 0) return false;
        java.util.HashSet<Integer> ok = new java.util.HashSet<>();
        ok.add(a);
        for (int x : r) {
            if (!ok.contains(x)) continue;
            for (int c : g.children(x)) if (g.isIdentityEdge(x, c)) ok.add(c);
        }
        return ok.contains(b);
    }

    /** Adds (as {@code user << 32 | used}) the identity edges on identity-only paths {@code a -> b}. */
    void identityEdges(int a, int b, java.util.Set<Long> out) {
        if (a == b) return;
        int[] r = between(a, b);
        java.util.HashSet<Integer> in = new java.util.HashSet<>(), ok = new java.util.HashSet<>();
        for (int x : r) in.add(x);
        ok.add(a);
        for (int x : r) {
            if (!ok.contains(x)) continue;
            for (int c : g.children(x)) {
                if (in.contains(c) && g.isIdentityEdge(x, c)) {
                    ok.add(c);
                    out.add(((long) x << 32) | (c & 0xffffffffL));
                }
            }
        }
    }

    /** Number of paths {@code a -> b}. */
    java.math.BigInteger count(int a, int b) {
        int[] r = between(a, b);
        if (r.length == 0) return java.math.BigInteger.ZERO;
        Map<Integer, java.math.BigInteger> n = new HashMap<>();
        n.put(a, java.math.BigInteger.ONE);
        java.util.HashSet<Integer> in = new java.util.HashSet<>();
        for (int x : r) in.add(x);
        for (int x : r) {
            java.math.BigInteger v = n.get(x);
            if (v == null) continue;
            for (int c : g.children(x)) if (in.contains(c)) n.merge(c, v, java.math.BigInteger::add);
        }
        return n.getOrDefault(b, java.math.BigInteger.ZERO);
    }

    /**
     * The longest path {@code a -> b} (node ids, top first) and how many paths have that length (capped at 2).
     */
    record Longest(int[] path, int ties) {}

    Longest longest(int a, int b) {
        int[] r = between(a, b);
        if (r.length == 0) return new Longest(null, 0);
        Map<Integer, Integer> len = new HashMap<>(), ties = new HashMap<>(), pred = new HashMap<>();
        java.util.HashSet<Integer> in = new java.util.HashSet<>();
        for (int x : r) in.add(x);
        len.put(a, 0);
        ties.put(a, 1);
        for (int x : r) {
            Integer lx = len.get(x);
            if (lx == null) continue;
            for (int c : g.children(x)) {
                if (!in.contains(c)) continue;
                Integer lc = len.get(c);
                if (lc == null || lx + 1 > lc) {
                    len.put(c, lx + 1);
                    ties.put(c, ties.get(x));
                    pred.put(c, x);
                } else if (lx + 1 == lc) {
                    ties.put(c, Math.min(2, ties.get(c) + ties.get(x)));
                }
            }
        }
        List<Integer> path = new ArrayList<>();
        for (Integer x = b; x != null; x = pred.get(x)) {
            path.add(x);
            if (x == a) break;
        }
        java.util.Collections.reverse(path);
        return new Longest(path.stream().mapToInt(Integer::intValue).toArray(), ties.get(b));
    }
}
