package io.github.gradpath.diag;

/** One message about an input, anchored at a position in its source (or at no position). */
public record Diagnostic(Severity severity, Source source, Pos pos, String message) {
    public enum Severity { ERROR, WARNING;
        String word() { return this == ERROR ? "error" : "warning"; }
    }

    /** Source lines longer than this are shown as a window around the caret (a 789 KB line must not be reprinted). */
    static final int WIDTH = 120;

    /**
     * The conventional compiler form: {@code file:line:col: error: message}, then the source line and a caret
     * under the column, so a reader sees the spot without opening the file.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        String where = source == null ? "gradpath" : source.name();
        if (source != null && pos.known()) where += ":" + pos.line() + ":" + pos.col();
        sb.append(where).append(": ").append(severity.word()).append(": ").append(message).append('\n');
        if (source != null && pos.known()) {
            String line = source.line(pos.line());
            int col = Math.max(0, Math.min(pos.col() - 1, line.length()));
            String prefix = "", suffix = "";
            if (line.length() > WIDTH) {
                int from = Math.max(0, Math.min(col - WIDTH / 2, line.length() - WIDTH));
                int to = Math.min(line.length(), from + WIDTH);
                if (from > 0) prefix = "...";
                if (to < line.length()) suffix = "...";
                line = line.substring(from, to);
                col -= from;
            }
            sb.append(prefix).append(printable(line)).append(suffix).append('\n');
            StringBuilder caret = new StringBuilder(" ".repeat(prefix.length()));
            for (int i = 0; i < col && i < line.length(); i++) {
                caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
            }
            sb.append(caret).append("^\n");
        }
        return sb.toString();
    }

    /**
     * Control characters (a binary file, a stray escape) would reach the terminal raw: each becomes {@code ?}, one
     * character for one, so the caret stays under the right column.
     */
    public static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            sb.append(c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') ? '?' : c);
        }
        return sb.toString();
    }
}
