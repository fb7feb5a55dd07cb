package io.github.gradpath.diag;


/** The text of one input with its display name (a path, or {@code <stdin>}), and line lookup for messages. */
public final class Source {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public Source(String name, String text) {
        this.name = name;
        this.text = text;
        // An int array grown by doubling, not a list of boxed offsets: reading a 100,000-line file took 35 ms CPU and
        // 17 MB with the list, 24 ms and 14 MB this way (src/bench/StageAlloc.java).
        int[] starts = new int[16];
        int n = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (n == starts.length) starts = java.util.Arrays.copyOf(starts, 2 * n);
            starts[n++] = i + 1;
        }
        lineStarts = java.util.Arrays.copyOf(starts, n);
    }

    public String name() { return name; }

    public String text() { return text; }

    public int lineCount() { return lineStarts.length; }

    /** Line {@code line} (1-based) without its terminator; empty past the end. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') end--;
        return text.substring(start, Math.max(start, end));
    }

    /** Position of a character offset. */
    public Pos pos(int offset) {
        int lo = 0, hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return new Pos(lo + 1, offset - lineStarts[lo] + 1);
    }
}
