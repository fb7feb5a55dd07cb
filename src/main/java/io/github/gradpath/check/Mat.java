package io.github.gradpath.check;

import java.util.List;

/**
 * A matrix over the field of the prime 2^61-1, for checking explicit values ({@code W^\top}, {@code diag(σ'(z))},
 * {@code ⊙}) exactly: every symbol is a full random matrix of its own shape, so a transposed or misordered factor
 * changes the value (or cannot even be multiplied). {@code scalar} marks a bare number ({@code 1}, {@code 2},
 * {@code \frac{1}{T}}, {@code λ}): it multiplies anything and, added to a vector or a square matrix, stands for
 * that many ones or that multiple of the identity, as texts write {@code 1 - t} and {@code I + ...}.
 */
record Mat(int rows, int cols, long[] a, boolean scalar) {
    static final long P = Evaluator.P;

    /** A shape that does not fit, explained for the finding. */
    static final class Shape extends RuntimeException {
        Shape(String message) { super(message, null, false, false); }
    }

    static Mat of(int rows, int cols) { return new Mat(rows, cols, new long[rows * cols], false); }

    static Mat number(long k) { return new Mat(1, 1, new long[] {((k % P) + P) % P}, true); }

    static Mat identity(int n) {
        Mat m = of(n, n);
        for (int i = 0; i < n; i++) m.a[i * n + i] = 1;
        return m;
    }

    /** Random entries from {@code key}: the same symbol gets the same value wherever it is written. */
    static Mat random(int rows, int cols, long key) {
        Mat m = of(rows, cols);
        long z = key;
        for (int i = 0; i < m.a.length; i++) {
            z += 0x9E3779B97F4A7C15L;
            long x = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
            x ^= x >>> 31;
            long r = (x >>> 3) % P;
            m.a[i] = r == 0 ? 1 : r;
        }
        return m;
    }

    long get(int i, int j) { return a[i * cols + j]; }

    /** The parts one above the other (a concatenation); they must have one width. */
    static Mat stack(List<Mat> parts, String what) {
        int rows = 0, cols = -1;
        for (Mat p : parts) {
            if (cols >= 0 && p.cols != cols) {
                throw new Shape(what + ": a " + p.shape() + " block under blocks " + cols + " wide");
            }
            cols = p.cols;
            rows += p.rows;
        }
        Mat m = of(rows, cols);
        int at = 0;
        for (Mat p : parts) {
            System.arraycopy(p.a, 0, m.a, at, p.a.length);
            at += p.a.length;
        }
        return m;
    }

    String shape() { return rows + "×" + cols; }

    Mat times(Mat o, String what) {
        if (scalar) return o.scale(a[0]);
        if (o.scalar) return scale(o.a[0]);
        if (cols != o.rows) {
            throw new Shape(what + ": a " + shape() + " matrix times a " + o.shape() + " one does not multiply");
        }
        Mat m = of(rows, o.cols);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                long x = a[i * cols + k];
                if (x == 0) continue;
                for (int j = 0; j < o.cols; j++) {
                    long s = m.a[i * o.cols + j] + Evaluator.mul(x, o.a[k * o.cols + j]);
                    m.a[i * o.cols + j] = s >= P ? s - P : s;
                }
            }
        }
        return m;
    }

    Mat scale(long k) {
        Mat m = new Mat(rows, cols, new long[a.length], scalar);
        for (int i = 0; i < a.length; i++) m.a[i] = Evaluator.mul(a[i], k);
        return m;
    }

    Mat plus(Mat o, String what) {
        if (scalar && !o.scalar) return o.plus(this, what);
        if (o.scalar && !scalar) {
            if (cols == 1) return plus(new Mat(rows, 1, filled(rows, o.a[0]), false), what);
            if (rows == cols) return plus(identity(rows).scale(o.a[0]), what);
            throw new Shape(what + ": a number added to a " + shape() + " matrix");
        }
        if (rows != o.rows || cols != o.cols) {
            throw new Shape(what + ": a " + shape() + " matrix plus a " + o.shape() + " one");
        }
        Mat m = new Mat(rows, cols, new long[a.length], scalar && o.scalar);
        for (int i = 0; i < a.length; i++) {
            long s = a[i] + o.a[i];
            m.a[i] = s >= P ? s - P : s;
        }
        return m;
    }

    private static long[] filled(int n, long v) {
        long[] x = new long[n];
        java.util.Arrays.fill(x, v);
        return x;
    }

    Mat negate() { return scale(P - 1); }

    Mat transpose() {
        if (scalar) return this;
        Mat m = of(cols, rows);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m.a[j * rows + i] = a[i * cols + j];
        return m;
    }

    /** {@code diag(v)} of a column (or row) vector. */
    Mat diag(String what) {
        if (cols != 1 && rows != 1) throw new Shape(what + ": diag of a " + shape() + " matrix, not a vector");
        int n = Math.max(rows, cols);
        Mat m = of(n, n);
        for (int i = 0; i < n; i++) m.a[i * n + i] = a[i];
        return m;
    }

    Mat hadamard(Mat o, String what) {
        if (scalar || o.scalar) return times(o, what);
        if (rows != o.rows || cols != o.cols) {
            throw new Shape(what + ": a " + shape() + " matrix ⊙ a " + o.shape() + " one");
        }
        Mat m = of(rows, cols);
        for (int i = 0; i < a.length; i++) m.a[i] = Evaluator.mul(a[i], o.a[i]);
        return m;
    }

    /** Equal values; a bare number equals the number times the identity (so {@code ∂J/∂L = 1} for scalars). */
    boolean same(Mat o) {
        if (scalar && !o.scalar) return o.same(this);
        if (o.scalar && !scalar) return rows == cols && java.util.Arrays.equals(a, identity(rows).scale(o.a[0]).a);
        return rows == o.rows && cols == o.cols && java.util.Arrays.equals(a, o.a);
    }

    boolean isZero() {
        for (long x : a) if (x != 0) return false;
        return true;
    }
}
