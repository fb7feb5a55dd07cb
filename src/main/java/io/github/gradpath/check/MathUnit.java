package io.github.gradpath.check;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of math found in a document: a display block or an inline fragment, its text line by line with the
 * document line of each, its label, the network a {@code gradpath: check} comment names for it, and the ranges
 * ({@code k = 1, \ldots, p}) stated around it, nearest first.
 */
record MathUnit(boolean block, String text, int[] lines, String label, String network, int networkLine,
                List<Range> before, List<Range> after) {

    /** Document line of a character offset in {@link #text()}. */
    int line(int offset) {
        int n = 0;
        for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        return lines[Math.min(n, lines.length - 1)];
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

        MathUnit build(boolean block, String label, String network, int networkLine, List<Range> before,
                       List<Range> after) {
            int[] ls = lines.stream().mapToInt(Integer::intValue).toArray();
            return new MathUnit(block, text.toString(), ls, label, network, networkLine, List.copyOf(before),
                    List.copyOf(after));
        }
    }

    /** What a scanner found: the math, and Sphinx lint warnings as (line, message). */
    record Scan(List<MathUnit> units, List<Lint> lints) {}

    record Lint(int line, String message) {}
}
