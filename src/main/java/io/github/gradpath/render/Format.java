package io.github.gradpath.render;

/** Output document formats; each has its templates under {@code templates/<dir>/}. */
public enum Format {
    RST("rst", "rst", "   "),
    MYST("myst", "md", ""),
    LATEX("latex", "tex", "  ");

    private final String dir;
    private final String extension;
    private final String indent;

    Format(String dir, String extension, String indent) {
        this.dir = dir;
        this.extension = extension;
        this.indent = indent;
    }

    public String dir() { return dir; }

    public String extension() { return extension; }

    /** The bold a format uses unless a style says: null for the style's own. */
    public Style.Bold defaultBold() { return null; }

    /** Indentation of math content inside the format's math block (RST directives need it). */
    public String indent() { return indent; }
}
