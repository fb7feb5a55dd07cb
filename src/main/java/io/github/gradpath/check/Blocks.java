package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of a block matrix ({@link Resolved.Block}) under the network's {@link Model}. A block that is an
 * expression has its own shape. A number is an identity block (1), a zero block (0) or a multiple of the
 * identity, and its size is not written: a selector {@code [1; 0]} (one column of blocks) or {@code [1 & 0]} (its
 * transpose, one row) takes its block sizes from a concatenation of the network with that many parts, kept only
 * when its shape fits the factors beside it ({@code rows}, {@code cols}: -1 when nothing says). Two concatenations
 * that fit but give different matrices are not guessed between: the row is reported, not judged.
 */
final class Blocks {
    private Blocks() {}

    static Mat value(Values values, Model m, Resolved.Block b, int rows, int cols) {
        int nr = b.cells().size(), nc = b.cells().get(0).size();
        Mat[][] cell = new Mat[nr][nc];
        long[][] nums = new long[nr][nc];
        int[] heights = new int[nr], widths = new int[nc];
        java.util.Arrays.fill(heights, -1);
        java.util.Arrays.fill(widths, -1);
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                Resolved c = b.cells().get(i).get(j);
                if (c instanceof Resolved.Num n) { nums[i][j] = n.value(); continue; }
                Mat v = values.value(c);
                if (v.scalar()) { nums[i][j] = v.a()[0]; continue; }
                cell[i][j] = v;
                heights[i] = agree(heights[i], v.rows(), b, "the blocks of one row have different heights");
                widths[j] = agree(widths[j], v.cols(), b, "the blocks of one column have different widths");
            }
        }
        if (known(heights) && known(widths)) return build(b, cell, nums, heights, widths);
        if (nc != 1 && nr != 1) {
            throw new Model.Unsupported("the sizes of the number blocks of " + show(b) + " are not determined");
        }
        // A selector: one column of blocks (or one row, its transpose), sized by a concatenation of the network.
        boolean column = nc == 1;
        int[] sizes = column ? heights : widths;
        int[] across = column ? widths : heights;
        int total = column ? rows : cols, width = column ? cols : rows;
        List<Mat> found = new ArrayList<>();
        for (int[] parts : m.concatenations()) {
            if (parts.length != sizes.length) continue;
            int sum = 0, w = across[0];
            boolean fits = true;
            for (int k = 0; k < parts.length; k++) {
                sum += parts[k];
                if (sizes[k] >= 0 && sizes[k] != parts[k]) fits = false;
                if (nums[column ? k : 0][column ? 0 : k] != 0) w = agree2(w, parts[k]);
            }
            if (w == -2 || w < 0 && width < 0) continue; // identities of different sizes, or no width at all
            if (w < 0) w = width;
            if (!fits || total >= 0 && sum != total || width >= 0 && w != width) continue;
            int[] h = column ? parts : new int[] {w}, wd = column ? new int[] {w} : parts;
            Mat x;
            try {
                x = build(b, cell, nums, h, wd);
            } catch (Mat.Shape e) {
                continue;
            }
            if (found.stream().noneMatch(x::same)) found.add(x);
        }
        if (found.size() == 1) return found.get(0);
        if (found.isEmpty()) {
            throw new Mat.Shape(show(b) + " fits no concatenation of the network here (" + sizes.length
                    + " blocks" + (total >= 0 ? ", " + total + (column ? " rows" : " columns") : "")
                    + (width >= 0 ? ", " + width + (column ? " columns" : " rows") : "") + ")");
        }
        throw new Model.Unsupported("the block sizes of " + show(b) + " fit " + found.size()
                + " concatenations of the network, which give different matrices");
    }

    static String show(Resolved.Block b) { return "`" + b.text() + "`"; }

    private static boolean known(int[] xs) {
        for (int x : xs) if (x < 0) return false;
        return true;
    }

    private static int agree(int had, int now, Resolved.Block b, String message) {
        if (had >= 0 && had != now) throw new Mat.Shape(show(b) + ": " + message);
        return now;
    }

    /** -1 unknown, -2 two different values. */
    private static int agree2(int had, int now) {
        if (had == -2) return -2;
        return had < 0 || had == now ? now : -2;
    }

    private static Mat build(Resolved.Block b, Mat[][] cell, long[][] nums, int[] heights, int[] widths) {
        int rows = 0, cols = 0;
        for (int h : heights) rows += h;
        for (int w : widths) cols += w;
        Mat out = Mat.of(rows, cols);
        int top = 0;
        for (int i = 0; i < heights.length; i++) {
            int left = 0;
            for (int j = 0; j < widths.length; j++) {
                Mat c = cell[i][j];
                if (c == null) {
                    long k = nums[i][j];
                    if (k != 0 && heights[i] != widths[j]) {
                        throw new Mat.Shape(show(b) + ": an identity block " + heights[i] + "×" + widths[j]
                                + " is not square");
                    }
                    if (k != 0) for (int d = 0; d < heights[i]; d++) out.a()[(top + d) * cols + left + d] = ((k % Mat.P) + Mat.P) % Mat.P;
                } else {
                    for (int r = 0; r < heights[i]; r++) {
                        System.arraycopy(c.a(), r * c.cols(), out.a(), (top + r) * cols + left, c.cols());
                    }
                }
                left += widths[j];
            }
            top += heights[i];
        }
        return out;
    }
}
