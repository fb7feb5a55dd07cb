package io.github.gradpath.graph;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distribution of path lengths (Veit et al. 2016): for a target node, how many paths from the network's
 * output down to it pass through exactly {@code k} layers. A path's length is the number of its non-identity
 * Jacobians, the factors of its chain-rule term, without the loss's own {@code ∂L/∂y}: a stack of {@code n}
 * residual units {@code x_{l+1} = x_l + F_l(W_l x_l)} gives {@code C(n, k)} paths of length {@code k} from the
 * output to {@code x_0}.
 *
 * <p>One pass over the topological order for all targets together, each node's distribution a polynomial in the
 * length (exact big integers), released once every node below it has read it: O(edges × depth) additions.
 */
public final class PathStats {
    private PathStats() {}

    /** {@code counts[k]}: the number of paths of length {@code k}; never empty, trailing zeros trimmed. */
    public record Distribution(List<BigInteger> counts) {
        public Distribution { counts = List.copyOf(counts); }

        public BigInteger total() {
            BigInteger t = BigInteger.ZERO;
            for (BigInteger c : counts) t = t.add(c);
            return t;
        }

        /** The mean length as a reduced fraction {@code {numerator, denominator}}; {@code {0, 1}} with no paths. */
        public BigInteger[] mean() {
            BigInteger sum = BigInteger.ZERO;
            for (int k = 0; k < counts.size(); k++) sum = sum.add(counts.get(k).multiply(BigInteger.valueOf(k)));
            BigInteger total = total();
            if (total.signum() == 0) return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
            BigInteger gcd = sum.gcd(total);
            if (gcd.signum() == 0) gcd = BigInteger.ONE;
            return new BigInteger[] {sum.divide(gcd), total.divide(gcd)};
        }

        /** {@code 27}, or {@code 55/2}: exact, and the same on every machine. */
        public String meanText() {
            BigInteger[] m = mean();
            return m[1].equals(BigInteger.ONE) ? m[0].toString() : m[0] + "/" + m[1];
        }
    }

    /** The distributions of {@code targets}, in their order. */
    public static List<Distribution> lengths(ComputationGraph g, List<Integer> targets) {
        int n = g.size();
        boolean[] wanted = new boolean[n];
        for (int t : targets) wanted[t] = true;
        int[] pendingUsers = new int[n];
        for (int v = 0; v < n; v++) pendingUsers[v] = g.parents(v).length;
        BigInteger[][] dist = new BigInteger[n][];
        Distribution[] done = new Distribution[n];
        int loss = g.loss();
        dist[loss] = new BigInteger[] {BigInteger.ONE};
        for (int v : g.order()) {
            BigInteger[] d = dist[v];
            if (d != null) {
                int[] cs = g.children(v);
                for (int k = 0; k < cs.length; k++) {
                    int c = cs[k];
                    int w = v == loss || g.isIdentity(v, k) ? 0 : 1;
                    dist[c] = addShifted(dist[c], d, w);
                }
            }
            if (wanted[v]) done[v] = new Distribution(trim(d));
            // Every user of a child is processed before it, so v's polynomial is no longer needed.
            dist[v] = null;
        }
        List<Distribution> out = new ArrayList<>();
        for (int t : targets) out.add(done[t]);
        return out;
    }

    private static BigInteger[] addShifted(BigInteger[] into, BigInteger[] d, int shift) {
        int len = d.length + shift;
        if (into == null) {
            into = new BigInteger[len];
            Arrays.fill(into, BigInteger.ZERO);
        } else if (into.length < len) {
            BigInteger[] grown = Arrays.copyOf(into, len);
            Arrays.fill(grown, into.length, len, BigInteger.ZERO);
            into = grown;
        }
        for (int i = 0; i < d.length; i++) {
            if (d[i].signum() != 0) into[i + shift] = into[i + shift].add(d[i]);
        }
        return into;
    }

    private static List<BigInteger> trim(BigInteger[] d) {
        if (d == null) return List.of(BigInteger.ZERO);
        int end = d.length;
        while (end > 1 && d[end - 1].signum() == 0) end--;
        return Arrays.asList(Arrays.copyOf(d, end));
    }
}
