package io.github.gradpath.diag;

/** A 1-based line and column in a {@link Source}. */
public record Pos(int line, int col) {
    public static final Pos NONE = new Pos(0, 0);

    public boolean known() { return line > 0; }
}
