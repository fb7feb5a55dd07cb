package io.github.gradpath.graph;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Paths from one node down the use edges to another: the terms of the chain rule. Counting is exact dynamic
 * programming over the topological order (big integers: a 1,000-unit residual stack has 2^1000 paths);
 * enumeration is a lazy depth-first search with an explicit stack, pruned to nodes that reach the target, so
 * every step is progress towards the next path and nothing is materialised.
 */
public final class Paths {
    private Paths() {}

    /** Number of paths from {@code from} to every node (index by node id). */
    public static BigInteger[] countsFrom(ComputationGraph g, int from) {
        BigInteger[] count = new BigInteger[g.size()];
        java.util.Arrays.fill(count, BigInteger.ZERO);
        count[from] = BigInteger.ONE;
        for (int v : g.order()) {
            if (count[v].signum() == 0) continue;
            for (int c : g.children(v)) count[c] = count[c].add(count[v]);
        }
        return count;
    }

    /**
     * {@link #countsFrom} in decimal: each count as base-10^9 digits, least significant first (null for 0), so
     * printing needs no conversion. {@code paths --count} on 100,000 layers prints 10,000 distinct counts of up to
     * 3,010 digits; {@link BigInteger#toString()} of them took longer than the whole count. Counts that are
     * equal because a node has one user are the same array: treat them as read-only.
     */
    public static int[][] decimalCountsFrom(ComputationGraph g, int from) {
        int[][] count = new int[g.size()][];
        count[from] = new int[] {1};
        for (int v : g.order()) {
            int[] x = count[v];
            if (x == null) continue;
            for (int c : g.children(v)) count[c] = count[c] == null ? x : addDecimal(count[c], x);
        }
        return count;
    }

    private static final int BILLION = 1_000_000_000;

    static int[] addDecimal(int[] a, int[] b) {
        if (a.length < b.length) { int[] t = a; a = b; b = t; }
        // Sized for the common case (no carry out of the top limb): one array, grown only when the sum is longer.
        int[] sum = new int[a.length];
        int carry = 0;
        for (int i = 0; i < b.length; i++) {
            int d = a[i] + b[i] + carry; // < 2·10^9 + 1: fits an int
            carry = d >= BILLION ? 1 : 0;
            sum[i] = d - carry * BILLION;
        }
        for (int i = b.length; i < a.length; i++) {
            int d = a[i] + carry;
            carry = d >= BILLION ? 1 : 0;
            sum[i] = d - carry * BILLION;
        }
        if (carry == 0) return sum;
        sum = java.util.Arrays.copyOf(sum, a.length + 1);
        sum[a.length] = carry;
        return sum;
    }

    /** The decimal text of a count from {@link #decimalCountsFrom}. */
    public static String decimal(int[] digits) {
        byte[] ascii = decimalAscii(digits);
        return new String(ascii, 0, ascii.length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * The decimal digits of a count from {@link #decimalCountsFrom}, as ASCII bytes ready to be written: no String,
     * no per-limb formatting ({@code paths --count} on 100,000 layers writes 150 MB of them).
     */
    public static byte[] decimalAscii(int[] digits) {
        if (digits == null) return new byte[] {'0'};
        int top = digits[digits.length - 1];
        int topLength = 1;
        for (int t = top; t >= 10; t /= 10) topLength++;
        byte[] out = new byte[topLength + 9 * (digits.length - 1)];
        int end = topLength;
        for (int t = top, k = end - 1; k >= 0; k--, t /= 10) out[k] = (byte) ('0' + t % 10);
        for (int i = digits.length - 2; i >= 0; i--) {
            end += 9;
            nineDigits(digits[i], out, end);
        }
        return out;
    }

    /** "00".."99": two digits per step, a quarter of the divisions. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /**
     * A lower limb as exactly nine digits, leading zeros included, into {@code out[end-9..end)}. The division by
     * 100 is a multiply and shift (exact for 0 ≤ t < 2^32): the launcher runs C1, which emits a real division.
     */
    private static void nineDigits(int t, byte[] out, int end) {
        for (int k = end; k > end - 8; k -= 2) {
            int q = (int) ((t * 1374389535L) >>> 37);
            int r = 2 * (t - q * 100);
            out[k - 1] = PAIRS[r + 1];
            out[k - 2] = PAIRS[r];
            t = q;
        }
        out[end - 9] = (byte) ('0' + t);
    }

    public static BigInteger count(ComputationGraph g, int from, int to) {
        return countsFrom(g, from)[to];
    }

    /**
     * Number of paths from every node to {@code to}, saturated at {@code cap}: enough to tell "no path", "one
     * path" and "several" in linear time with plain ints.
     */
    public static int[] cappedCountsTo(ComputationGraph g, int to, int cap) {
        int[] count = new int[g.size()];
        count[to] = 1;
        int[] order = g.order();
        for (int i = order.length - 1; i >= 0; i--) {
            int v = order[i];
            if (v == to) continue;
            long s = 0;
            for (int c : g.children(v)) s += count[c];
            count[v] = (int) Math.min(cap, s);
        }
        return count;
    }

    /**
     * Whether {@code p} reaches {@code v} other than by the edge {@code p -> v}. Such a route must enter
     * {@code v} through another of its users, so only those are searched for, and only among nodes ranked above
     * the lowest of them: a skip of length l costs O(l), and a weight used once costs nothing.
     */
    public static boolean otherRoute(ComputationGraph g, int p, int v) {
        int[] users = g.parents(v);
        if (users.length < 2) return false;
        java.util.HashSet<Integer> targets = new java.util.HashSet<>();
        int limit = -1;
        for (int q : users) {
            if (q == p) continue;
            targets.add(q);
            limit = Math.max(limit, g.rank(q));
        }
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        java.util.HashSet<Integer> seen = new java.util.HashSet<>();
        for (int c : g.children(p)) if (c != v && g.rank(c) <= limit && seen.add(c)) stack.push(c);
        while (!stack.isEmpty()) {
            int x = stack.pop();
            if (targets.contains(x)) return true;
            for (int y : g.children(x)) if (g.rank(y) <= limit && seen.add(y)) stack.push(y);
        }
        return false;
    }

    /** All paths {@code from -> ... -> to}, lazily, each as node ids from {@code from} to {@code to}. */
    public static Stream<int[]> stream(ComputationGraph g, int from, int to) {
        Iterator<int[]> it = new PathIterator(g, from, to);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    private static final class PathIterator implements Iterator<int[]> {
        private final ComputationGraph g;
        private final int to;
        private final boolean[] useful;
        private final List<Integer> nodes = new ArrayList<>();
        private final List<Integer> next = new ArrayList<>(); // next child slot to try, per stack level
        private int[] pending;

        PathIterator(ComputationGraph g, int from, int to) {
            this.g = g;
            this.to = to;
            this.useful = Reach.to(g, to);
            if (useful[from]) {
                nodes.add(from);
                next.add(0);
                advance();
            }
        }

        /** Moves the stack to the next complete path, or empties it. */
        private void advance() {
            while (!nodes.isEmpty()) {
                int top = nodes.size() - 1;
                int v = nodes.get(top);
                if (v == to && pending == null && next.get(top) == 0) {
                    next.set(top, 1);
                    pending = nodes.stream().mapToInt(Integer::intValue).toArray();
                    return;
                }
                int[] cs = g.children(v);
                int k = next.get(top);
                while (k < cs.length && !useful[cs[k]]) k++;
                if (v == to || k >= cs.length) {
                    nodes.remove(top);
                    next.remove(top);
                    continue;
                }
                next.set(top, k + 1);
                nodes.add(cs[k]);
                next.add(0);
            }
        }

        @Override
        public boolean hasNext() { return pending != null; }

        @Override
        public int[] next() {
            if (pending == null) throw new NoSuchElementException();
            int[] p = pending;
            pending = null;
            advance();
            return p;
        }
    }
}
