package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a matrix environment written inside a chain into a {@link Written.Block}, as notation only: a
 * concatenation's block selector {@code \begin{bmatrix} 1 \\ 0 \end{bmatrix}} (1 an identity block, 0 a zero
 * block; {@code 1 & 0} is its transpose) and a forward concatenation {@code \begin{bmatrix} {\bm h}_0 \\ {\bm x}_1
 * \end{bmatrix}}. The blocks' sizes are not written: {@link Blocks} takes them from the network's concatenations
 * and the factors around the matrix.
 */
final class Matrices {
    static final Set<String> ENVS = Set.of("bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix", "bmatrix*",
            "pmatrix*");

    private Matrices() {}

    /** Whether a matrix environment begins at {@code i}. */
    static boolean starts(List<Tok> ts, int i, int end) {
        return env(ts, i, end, "\\begin") != null;
    }

    /** The environment named by {@code \begin{env}} (or {@code \end}) at {@code i} if it is a matrix, else null. */
    private static String env(List<Tok> ts, int i, int end, String cmd) {
        if (i + 1 >= end || !ts.get(i).is(cmd) || ts.get(i + 1).kind() != Kind.LBRACE) return null;
        int c = Tex.closing(ts, i + 1);
        if (c < 0 || c >= end) return null;
        String name = Tex.text(ts, i + 2, c);
        return ENVS.contains(name) ? name : null;
    }

    /** The matrix whose {@code \begin} is at {@code i}, and the token after its {@code \end{...}}. */
    static Explicit.Result read(List<Tok> ts, int i, int end, Definitions defs) {
        Tok open = ts.get(i);
        String name = env(ts, i, end, "\\begin");
        int from = Tex.closing(ts, i + 1) + 1;
        List<List<Written>> rows = new ArrayList<>();
        List<Written> row = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int depth = 0, cell = from;
        for (int k = from; k < end; k++) {
            Tok t = ts.get(k);
            if (env(ts, k, end, "\\begin") != null) { depth++; k = Tex.closing(ts, k + 1); continue; }
            String closing = env(ts, k, end, "\\end");
            if (closing != null && depth > 0) { depth--; k = Tex.closing(ts, k + 1); continue; }
            if (t.kind() == Kind.LBRACE) { int c = Tex.closing(ts, k); if (c > 0 && c < end) { k = c; continue; } }
            if (depth > 0) continue;
            boolean last = closing != null;
            if (last || t.is("&") || t.is("\\\\")) {
                if (cell < k) {
                    row.add(ExprParser.parse(ts, cell, k, defs));
                    text.append(Tex.text(ts, cell, k)).append(last ? "" : t.is("&") ? " & " : " \\\\ ");
                }
                else if (!last || !row.isEmpty()) throw new Written.Unreadable("an empty cell of a matrix", t.offset());
                if (!row.isEmpty() && (t.is("\\\\") || last)) {
                    if (!rows.isEmpty() && rows.get(0).size() != row.size()) {
                        throw new Written.Unreadable("the rows of the matrix have different numbers of cells", t.offset());
                    }
                    rows.add(row);
                    row = new ArrayList<>();
                }
                cell = k + 1;
                if (last) {
                    if (!closing.equals(name)) throw new Written.Unreadable("`\\begin{" + name + "}` ends with `\\end{"
                            + closing + "}`", t.offset());
                    if (rows.isEmpty()) throw new Written.Unreadable("an empty matrix", open.offset());
                    return new Explicit.Result(new Written.Block(rows,
                            "\\begin{" + name + "} " + text.toString().strip() + " \\end{" + name + "}", open.offset()),
                            Tex.closing(ts, k + 1) + 1);
                }
            }
        }
        throw new Written.Unreadable("`\\begin{" + name + "}` without its `\\end{" + name + "}`", open.offset());
    }
}
