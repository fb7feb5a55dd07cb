package io.github.gradpath.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finite-difference Jacobians from the {@link Oracle}, with the step chosen for each column.
 *
 * <p>Why not one fixed step: Richardson extrapolation is only as good as the step is small against the distance
 * over which the function bends, and that distance is not known in advance. In a deep tanh chain whose signal has
 * faded through width-1 layers (activations near {@code 3e-4}), the layers after an inner value amplify a nudge
 * of it about twentyfold, so a step of {@code 1e-2} (forty times the value itself) moves a later pre-activation
 * by {@code 0.2}, well into tanh's curvature: the extrapolation from {@code 1e-2} is then off by {@code 2e-4},
 * the same one from {@code 1e-3} by {@code 3e-10}. A step small enough for every such case would drown the
 * ordinary ones in rounding noise, which grows like {@code 1/h}.
 *
 * <p>How: central differences {@code D_k} at {@code h_k = h / 2^k}; {@code R_k}, two rounds of Richardson over
 * {@code D_k, D_{k+1}, D_{k+2}}, has truncation error {@code O(h_k^6)}. An estimate is trusted as far as
 * estimates from neighbouring steps agree with it (Ridders' error estimate): {@code err_k = max(|R_k - r_k|,
 * |R_k - R_{k-1}|)}, {@code r_k} the one-round estimate from {@code D_{k+1}, D_{k+2}}, measured against the
 * column's size (or the noise floor, whichever is larger). The first window costs the six passes of a fixed
 * step; a column is halved again (two more passes) only while some numerator's best estimate is not yet a
 * thousandth of the tolerance and halving still helps: once the error estimate grows again, rounding noise has
 * overtaken truncation and the best estimate so far is kept. The choice looks only at the forward pass, never
 * at the expression under test, so it cannot bend the reference toward the answer.
 */
final class Differences {
    /** Smallest step {@code h / 2^(MAX_HALVINGS + 2)}: {@code 1e-2 / 256}, where noise is still far below the floor. */
    static final int MAX_HALVINGS = 6;
    /** Halving stops once an error estimate exceeds the best one by this factor (noise has taken over). */
    static final double SAFE = 2;

    /** Error estimate of each numerator's column from the last {@link #column} call, relative to its scale. */
    double[] lastErrors = new double[0];

    private final Oracle oracle;
    private final double step;
    private final double target;

    /** {@code tolerance}: the verification's; the differences aim at a thousandth of it. */
    Differences(Oracle oracle, double step, double tolerance) {
        this.oracle = oracle;
        this.step = step;
        this.target = tolerance * 1e-3;
    }

    /**
     * Column {@code j} of the Jacobian of each value in {@code nums} (slots, with their sizes) with respect to the
     * value in slot {@code den}; {@code floors[u]} is the size below which an entry of numerator {@code u} counts
     * as zero. Returns one column vector per numerator.
     */
    double[][] column(int den, int j, int[] nums, int[] sizes, double[] floors) {
        int m = nums.length;
        List<double[][]> d = new ArrayList<>();
        for (int k = 0; k < 3; k++) d.add(central(den, j, k, nums));
        double[][] best = new double[m][], previous = new double[m][];
        double[] bestErr = new double[m];
        Arrays.fill(bestErr, Double.POSITIVE_INFINITY);
        boolean[] done = new boolean[m];
        for (int k = 0; ; k++) {
            if (k > 0) d.add(central(den, j, k + 2, nums));
            boolean more = false;
            for (int u = 0; u < m; u++) {
                if (done[u]) continue;
                double[] d0 = d.get(k)[u], d1 = d.get(k + 1)[u], d2 = d.get(k + 2)[u];
                double[] r = new double[sizes[u]];
                double scale = floors[u], err = 0;
                for (int i = 0; i < r.length; i++) {
                    double r1 = (4 * d1[i] - d0[i]) / 3, r2 = (4 * d2[i] - d1[i]) / 3;
                    r[i] = (16 * r2 - r1) / 15;
                    scale = Math.max(scale, Math.abs(r[i]));
                    err = Math.max(err, Math.abs(r[i] - r2));
                    if (previous[u] != null) err = Math.max(err, Math.abs(r[i] - previous[u][i]));
                }
                err /= scale;
                if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY;
                previous[u] = r;
                if (best[u] == null || err < bestErr[u]) {
                    best[u] = r;
                    bestErr[u] = err;
                }
                if (bestErr[u] <= target || err > SAFE * bestErr[u]) done[u] = true;
                else more = true;
            }
            if (!more || k == MAX_HALVINGS) {
                lastErrors = bestErr;
                return best;
            }
        }
    }

    /** Central differences of every numerator at step {@code step / 2^k}. */
    private double[][] central(int den, int j, int k, int[] nums) {
        double h = step / (1 << k);
        int end = oracle.end(nums); // only what the numerators need is recomputed
        double[][] plus = new double[nums.length][], minus = new double[nums.length][];
        oracle.nudged(den, j, h, end, nums, plus);
        oracle.nudged(den, j, -h, end, nums, minus);
        double[][] out = new double[nums.length][];
        for (int u = 0; u < nums.length; u++) {
            double[] p = plus[u], q = minus[u];
            double[] c = new double[p.length];
            for (int i = 0; i < c.length; i++) c[i] = (p[i] - q[i]) / (2 * h);
            out[u] = c;
        }
        return out;
    }
}
