package io.github.gradpath.render;

/** Output document formats; each has its templates under {@code templates/<dir>/}. */
public enum Format {
    RST("rst", "rst", "rst", "   "),
    MYST("myst", "md", "md", ""),
    LATEX("latex", "tex", "tex", "  "),
    /** GitHub/GitLab Markdown: {@code $$} blocks and {@code $...$}, no Sphinx syntax. */
    GFM("gfm", "md", "md", ""),
    /** A Jupyter notebook of one Markdown cell holding the GFM document. */
    JUPYTER("gfm", "md", "ipynb", "");

    private final String dir;
    private final String templateExtension;
    private final String extension;
    private final String indent;

    Format(String dir, String templateExtension, String extension, String indent) {
        this.dir = dir;
        this.templateExtension = templateExtension;
        this.extension = extension;
        this.indent = indent;
    }

    public String dir() { return dir; }

    /** The extension of the documents written in this format. */
    public String extension() { return extension; }

    /** The path of one of this format's templates, relative to the templates directory. */
    public String template(String name) { return dir + "/" + name + "." + templateExtension; }

    /**
     * The bold a format uses unless a style says: GitHub, GitLab and Jupyter render math with no way to define
     * {@code \bm}, so they get {@code \boldsymbol}, which all of them know. Null: the style's own.
     */
    public Style.Bold defaultBold() {
        return this == GFM || this == JUPYTER ? Style.Bold.BOLDSYMBOL : null;
    }

    /** The rendered document as the file this format writes. */
    public String finish(String text) {
        return this == JUPYTER ? Notebook.markdownCell(text) : text;
    }

    /** Indentation of math content inside the format's math block (RST directives need it). */
    public String indent() { return indent; }
}
