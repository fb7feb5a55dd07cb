package io.github.gradpath.verify;

/** A dense row-major matrix of doubles: a Jacobian, or a column vector when {@code cols == 1}. */
final class Mat {
    final int rows;
    final int cols;
    final double[] a;

    Mat(int rows, int cols) {
        this(rows, cols, new double[rows * cols]);
    }

    Mat(int rows, int cols, double[] a) {
        if (a.length != rows * cols) throw new IllegalArgumentException(rows + "x" + cols + " from " + a.length);
        this.rows = rows;
        this.cols = cols;
        this.a = a;
    }

    static Mat identity(int n) {
        Mat m = new Mat(n, n);
        for (int i = 0; i < n; i++) m.a[i * n + i] = 1;
        return m;
    }

    double get(int i, int j) { return a[i * cols + j]; }

    Mat times(Mat o) {
        if (cols != o.rows) throw new ShapeMismatch(rows + "x" + cols + " times " + o.rows + "x" + o.cols);
        Mat r = new Mat(rows, o.cols);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < cols; k++) {
                double x = a[i * cols + k];
                if (x == 0) continue;
                int ob = k * o.cols, rb = i * o.cols;
                for (int j = 0; j < o.cols; j++) r.a[rb + j] += x * o.a[ob + j];
            }
        }
        return r;
    }

    Mat plus(Mat o) {
        if (rows != o.rows || cols != o.cols) {
            throw new ShapeMismatch(rows + "x" + cols + " plus " + o.rows + "x" + o.cols);
        }
        Mat r = new Mat(rows, cols);
        for (int i = 0; i < a.length; i++) r.a[i] = a[i] + o.a[i];
        return r;
    }

    void addInPlace(Mat o) {
        if (rows != o.rows || cols != o.cols) {
            throw new ShapeMismatch(rows + "x" + cols + " plus " + o.rows + "x" + o.cols);
        }
        for (int i = 0; i < a.length; i++) a[i] += o.a[i];
    }

    /** Rows scaled by {@code d}: {@code diag(d) · this}. */
    Mat scaleRows(double[] d) {
        Mat r = new Mat(rows, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r.a[i * cols + j] = d[i] * a[i * cols + j];
        return r;
    }

    double maxAbs() {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    double maxAbsDiff(Mat o) {
        if (rows != o.rows || cols != o.cols) {
            throw new ShapeMismatch(rows + "x" + cols + " against " + o.rows + "x" + o.cols);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - o.a[i]));
        return m;
    }

    String shape() { return rows + "x" + cols; }

    /** Shapes that do not fit: in a derived expression this is itself a wrong derivation. */
    static final class ShapeMismatch extends RuntimeException {
        ShapeMismatch(String message) { super(message, null, false, false); }
    }
}
