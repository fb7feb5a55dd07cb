package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of math found in a document: a display block or an inline fragment, its text line by line with the
 * document line of each, its label, the network a {@code gradpath: check} comment names for it, and the ranges
 * ({@code k = 1, \ldots, p}) stated around it, nearest first.
 */
record MathUnit(boolean block, String text, int[] lines, int[] starts, String label, CheckComment check,
                List<Range> before, List<Range> after) {

    /** The network file the check comment names, or null. */
    String network() { return check == null ? null : check.network(); }

    int networkLine() { return check == null ? 0 : check.line(); }

    Conventions conventions() { return check == null ? Conventions.DEFAULT : check.conventions(); }

    /** Document line of a character offset in {@link #text()} (binary search: blocks may be long). */
    int line(int offset) {
        int lo = 0, hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return lines[Math.min(lo, lines.length - 1)];
    }



    /** Collects the lines of a unit. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<Integer> lines = new ArrayList<>();

        Builder add(String line, int docLine) {
            if (!lines.isEmpty()) text.append('\n');
            text.append(line);
            lines.add(docLine);
            return this;
        }

        boolean isEmpty() { return lines.isEmpty(); }

        int firstLine() { return lines.isEmpty() ? 0 : lines.get(0); }

        MathUnit build(boolean block, String label, CheckComment check, List<Range> before, List<Range> after) {
            int[] ls = lines.stream().mapToInt(Integer::intValue).toArray();
            List<Integer> st = new ArrayList<>();
            st.add(0);
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') st.add(i + 1);
            int[] starts = st.stream().mapToInt(Integer::intValue).toArray();
            return new MathUnit(block, text.toString(), ls, starts, label, check, List.copyOf(before),
                    List.copyOf(after));
        }
    }

    /** What a scanner found: the math, and Sphinx lint warnings as (line, message). */
    record Scan(List<MathUnit> units, List<Lint> lints) {}

    record Lint(int line, String message) {}
}
