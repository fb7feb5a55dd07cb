package io.github.gradpath.check;

import io.github.gradpath.graph.ComputationGraph;


/**
 * Decides whether two sides are the same polynomial in non-commuting edge symbols (a term = the non-identity
 * edges of a path, in order) without expanding them: every edge {@code e} becomes the upper-triangular matrix
 * {@code Σ_j r(e, j) E_{j-1,j}} with random {@code r} over the field of the prime 2^61-1, and a side is evaluated
 * on the first row only. Entry {@code j} of the result is then {@code Σ_w c_w Π_i r(w_i, i)} over the terms
 * {@code w} of length {@code j}: distinct terms give distinct monomials, so two sides agree exactly when their
 * polynomials do, up to a false "equal" of probability at most (degree)/2^61 (Schwartz–Zippel). Cost: one
 * pass over the region of each factor, times the degree; polynomial however many paths there are.
 */
final class Evaluator {
    static final long P = (1L << 61) - 1;

    private final Regions regions;
    private final ComputationGraph g;
    private final long seed;
    private final int size;
    private final int[] slot;

    /** {@code degree}: an upper bound of the term lengths of everything evaluated. */
    Evaluator(Regions regions, long seed, int degree) {
        this(regions, seed, degree, false);
    }

    private final boolean scalar;
    private final java.util.Map<Long, long[]> scalarWeights = new java.util.HashMap<>();

    /**
     * {@code scalar}: every value is a number and products commute, so an edge has one random weight at every
     * position and the result at each length is a commutative polynomial.
     */
    Evaluator(Regions regions, long seed, int degree, boolean scalar) {
        this.scalar = scalar;
        this.regions = regions;
        this.g = regions.graph();
        this.seed = seed;
        this.size = degree + 1;
        this.slot = new int[g.size()];
        java.util.Arrays.fill(slot, -1);
    }

    /** An upper bound of the term lengths of {@code r}. */
    static int degree(Resolved r, Regions regions) {
        if (r instanceof Resolved.Total t) return regions.degree(t.a(), t.b());
        if (r instanceof Resolved.Direct) return 1;
        if (r instanceof Resolved.Chain c) return c.path().length - 1;
        if (r instanceof Resolved.Num || r instanceof Resolved.Coef) return 0;
        if (r instanceof Resolved.Sum s) {
            int d = 0;
            for (Resolved t : s.terms()) d = Math.max(d, degree(t, regions));
            return d;
        }
        int d = 0;
        for (Resolved f : ((Resolved.Prod) r).factors()) d += degree(f, regions);
        return d;
    }

    long[] unit() {
        long[] v = new long[size];
        v[0] = 1;
        return v;
    }

    long[] value(Resolved r) { return apply(r, unit()); }

    /** {@code v · r}. */
    long[] apply(Resolved r, long[] v) {
        if (r instanceof Resolved.Num n) return scale(v, n.value() % P);
        if (r instanceof Resolved.Coef c) {
            long k = fraction(c.numerator(), c.denominator());
            return scale(v, c.symbol().isEmpty() ? k : mul(k, symbol(c.symbol())));
        }
        if (r instanceof Resolved.Direct d) return edge(v, d.a(), d.b());
        if (r instanceof Resolved.Chain c) {
            long[] w = v;
            for (int i = 0; i + 1 < c.path().length; i++) w = edge(w, c.path()[i], c.path()[i + 1]);
            return w;
        }
        if (r instanceof Resolved.Total t) return total(v, t.a(), t.b());
        if (r instanceof Resolved.Sum s) {
            long[] acc = new long[size];
            for (Resolved t : s.terms()) add(acc, apply(t, v));
            return acc;
        }
        long[] w = v;
        for (Resolved f : ((Resolved.Prod) r).factors()) w = apply(f, w);
        return w;
    }

    private long[] total(long[] v, int a, int b) {
        if (a == b) return v.clone();
        int[] region = regions.between(a, b);
        if (region.length == 0) return new long[size];
        // Position of each region node, in a scratch array reset before returning: no per-call hashing.
        for (int i = 0; i < region.length; i++) slot[region[i]] = i;
        long[][] w = new long[region.length][];
        w[0] = v;
        try {
            for (int i = 0; i < region.length; i++) {
                long[] wx = w[i];
                int x = region[i];
                if (wx == null || x == b) continue;
                for (int c : g.children(x)) {
                    int j = slot[c];
                    if (j < 0) continue;
                    long[] e = edge(wx, x, c);
                    if (w[j] == null) w[j] = e == wx ? e.clone() : e;
                    else add(w[j], e);
                }
            }
        } finally {
            for (int x : region) slot[x] = -1;
        }
        long[] out = w[region.length - 1];
        return out == null ? new long[size] : out;
    }

    /** {@code v} times the edge {@code user -> used}: unchanged for an identity edge, else shifted and weighted. */
    long[] edge(long[] v, int user, int used) {
        if (g.isIdentityEdge(user, used)) return v;
        io.github.gradpath.dsl.Formula.Coefficient c = g.scaleEdge(user, used);
        if (c != null) {
            // λ I: a scalar, so it keeps the position (like an identity) and is the scalar's own value.
            long k = fraction(c.numerator(), c.denominator());
            for (String s : c.scalars()) k = mul(k, symbol(s));
            return scale(v, k);
        }
        long[] out = new long[size];
        long[] r = scalar ? scalarWeights.computeIfAbsent(((long) user << 32) | (used & 0xffffffffL), k -> {
            long[] w = new long[size];
            java.util.Arrays.fill(w, weight(user, used, 0));
            return w;
        }) : regions.weights(user, used, size, j -> weight(user, used, j));
        for (int j = 1; j < size; j++) {
            if (v[j - 1] != 0) out[j] = mul(v[j - 1], r[j]);
        }
        return out;
    }

    /** {@code n/d} in the field: n times the inverse of d (Fermat), signs taken mod P. */
    static long fraction(long n, long d) {
        long a = ((n % P) + P) % P, b = ((d % P) + P) % P;
        return mul(a, pow(b, P - 2));
    }

    private static long pow(long b, long e) {
        long r = 1;
        while (e > 0) {
            if ((e & 1) == 1) r = mul(r, b);
            b = mul(b, b);
            e >>= 1;
        }
        return r;
    }

    /** A scalar's value: random, from its name and the seed, the same wherever it is written or used. */
    private long symbol(String name) { return symbol(seed, name); }

    static long symbol(long seed, String name) {
        long z = seed ^ 0x5851F42D4C957F2DL;
        for (int k = 0; k < name.length(); k++) z = (z ^ name.charAt(k)) * 0x100000001B3L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        long r = ((z ^ (z >>> 29)) >>> 3) % P;
        return r < 2 ? 2 : r;
    }

    private long weight(int user, int used, int position) {
        long z = seed ^ (user * 0x9E3779B97F4A7C15L) ^ (used * 0xC2B2AE3D27D4EB4FL) ^ (position * 0x165667B19E3779F9L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        long r = (z >>> 3) % P;
        return r == 0 ? 1 : r;
    }

    private static long[] scale(long[] v, long k) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = mul(v[i], k);
        return out;
    }

    private static void add(long[] acc, long[] x) {
        for (int i = 0; i < acc.length; i++) {
            long s = acc[i] + x[i];
            acc[i] = s >= P ? s - P : s;
        }
    }

    static long mul(long a, long b) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        long r = (lo & P) + ((lo >>> 61) | (hi << 3));
        while (r >= P) r -= P;
        return r;
    }
}
