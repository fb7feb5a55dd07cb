package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The widths of a {@link Model}: union-find of widths; {@link #ONE} is width 1. */
final class Dims {
    static final int ONE = 0;
    private final List<Integer> parent = new ArrayList<>(List.of(0));
    private int[] width;

    int fresh() { parent.add(parent.size()); return parent.size() - 1; }

    int find(int x) {
        while (parent.get(x) != x) { parent.set(x, parent.get(parent.get(x))); x = parent.get(x); }
        return x;
    }

    /** Widths that are the sum of others: a concatenation's, keyed by the root that stands for it. */
    private final Map<Integer, int[]> sums = new HashMap<>();

    int sum(int[] parts) {
        int d = fresh();
        sums.put(d, parts.clone());
        return d;
    }

    /**
     * Ties two widths together. A concatenation's width stays its own root, and two concatenations of one width
     * (the LSTM's [h_0; x_1] and [h_1; x_2], both read by W_f) tie their parts in order.
     */
    void union(int a, int b) {
        java.util.ArrayDeque<int[]> work = new java.util.ArrayDeque<>();
        work.push(new int[] {a, b});
        while (!work.isEmpty()) {
            int[] p = work.pop();
            int x = find(p[0]), y = find(p[1]);
            if (x == y) continue;
            int[] sx = sums.get(x), sy = sums.get(y);
            if (sx != null && sy != null) {
                if (sx.length != sy.length) {
                    throw new Model.Unsupported("two concatenations of different numbers of parts have one width");
                }
                parent.set(y, x);
                for (int k = 0; k < sx.length; k++) work.push(new int[] {sx[k], sy[k]});
            } else if (sx != null || sy != null) {
                if (x == ONE || y == ONE) throw new Model.Unsupported("a concatenation of width 1 is not read in matrix form");
                if (sx != null) parent.set(y, x); else parent.set(x, y);
            } else if (x == ONE) {
                parent.set(y, x);
            } else {
                parent.set(x, y);
            }
        }
    }

    /** Distinct widths 2, 3, ... in a seeded order, so no two unrelated widths agree by chance. */
    void assign(long seed) {
        width = new int[parent.size()];
        List<Integer> roots = new ArrayList<>();
        for (int i = 1; i < parent.size(); i++) if (find(i) == i) roots.add(i);
        java.util.Collections.shuffle(roots, new java.util.Random(seed));
        int next = 2;
        for (int r : roots) if (!sums.containsKey(r)) width[r] = 2 + (next++ - 2) % 12;
        width[ONE] = 1;
        for (int r : roots) if (sums.containsKey(r)) sumWidth(r, new java.util.HashSet<>());
    }

    /** A concatenation's width, its parts' widths first (nested concatenations are as deep as the formula). */
    private int sumWidth(int r, java.util.Set<Integer> open) {
        if (width[r] != 0) return width[r];
        if (!open.add(r)) throw new Model.Unsupported("a concatenation that contains itself has no width");
        int w = 0;
        for (int part : sums.get(r)) {
            int q = find(part);
            w += sums.containsKey(q) ? sumWidth(q, open) : width[q];
        }
        return width[r] = w;
    }

    int width(int x) { return width[find(x)]; }
}
