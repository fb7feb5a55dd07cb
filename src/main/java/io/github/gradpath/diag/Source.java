package io.github.gradpath.diag;

import java.util.Arrays;

/** The text of one input with its display name (a path, or {@code <stdin>}), and line lookup for messages. */
public final class Source {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public Source(String name, String text) {
        this.name = name;
        this.text = text;
        // indexOf, not a charAt loop, and no boxed list: every input is read through here before the JIT has
        // compiled anything, and a 70,000-character document is that many interpreted charAt calls. On a
        // 100,000-line network the list took 35 ms CPU and 17 MB, this 24 ms and 14 MB (src/bench/StageAlloc.java).
        int[] starts = new int[16];
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (count == starts.length) starts = Arrays.copyOf(starts, count * 2);
            starts[count++] = i + 1;
        }
        lineStarts = Arrays.copyOf(starts, count);
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
