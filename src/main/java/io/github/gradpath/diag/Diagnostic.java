package io.github.gradpath.diag;

/** One message about an input, anchored at a position in its source (or at no position). */
public record Diagnostic(Severity severity, Source source, Pos pos, String message) {
    public enum Severity { ERROR, WARNING;
        String word() { return this == ERROR ? "error" : "warning"; }
    }

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
            sb.append(line).append('\n');
            StringBuilder caret = new StringBuilder();
            for (int i = 0; i < pos.col() - 1 && i < line.length(); i++) {
                caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
            }
            sb.append(caret).append("^\n");
        }
        return sb.toString();
    }
}
