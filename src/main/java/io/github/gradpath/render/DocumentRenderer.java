package io.github.gradpath.render;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Row;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 5: {@link Derivation} to a document fragment in one {@link Format}, through the format's templates.
 * The math rows come from {@link Latex}; everything around them (directives, labels, words) from templates.
 */
public final class DocumentRenderer {
    private final Templates templates;
    private final String lang;
    private final Style style;

    public DocumentRenderer(Templates templates, String lang) { this(templates, lang, Style.DEFAULT); }

    public DocumentRenderer(Templates templates, String lang, Style style) {
        this.templates = templates;
        this.lang = lang;
        this.style = style;
    }

    public Style style() { return style; }

    public String render(Derivation d, Format format, String label) {
        StringWriter out = new StringWriter();
        try {
            writeText(d, format, label, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return format.finish(out.toString());
    }

    /**
     * The document {@link #render} returns, written to {@code out} as it is made: the math blocks go row by row,
     * so the document is never held in memory (a 1,000-layer factored derivation is 30 MB of text). A notebook
     * is the exception: it holds the whole text as one JSON string, so it is made whole first.
     */
    public void write(Derivation d, Format format, String label, Writer out) throws IOException {
        if (format == Format.JUPYTER) {
            out.write(render(d, format, label));
            return;
        }
        writeText(d, format, label, out);
    }

    private void writeText(Derivation d, Format format, String label, Writer out) throws IOException {
        Map<String, String> vars = words(templates, lang, style, d.network(), d.form().name().toLowerCase(java.util.Locale.ROOT));
        vars.put("label", label);
        // Row choices describe factored blocks (see SymbolicDocument); other forms are written as derived.
        List<Row> gradients = d.form() == io.github.gradpath.derive.Form.FACTORED
                ? RowStyle.apply(style, d.network(), d.gradients()) : d.gradients();
        Map<String, Part> parts = new HashMap<>();
        parts.put("gradients", w -> writeBlock(gradients, format, label, w));
        if (d.definitions().isEmpty()) {
            vars.put("definitions", "");
        } else {
            Map<String, String> defVars = new HashMap<>(vars);
            parts.put("definitions", w -> fill(format.template("definitions"), defVars,
                    Map.of("block", b -> writeBlock(d.definitions(), format, label + "-factors", b)), w));
        }
        NormalizingWriter norm = new NormalizingWriter(out);
        fill(format.template("document"), vars, parts, norm);
        norm.finish();
        norm.flush();
    }

    /** A piece of a document written straight to the output in place of its placeholder. */
    private interface Part {
        void writeTo(Writer out) throws IOException;
    }

    /** One labelled math block holding {@code rows} in an {@code aligned} environment. */
    public String block(List<Row> rows, Format format, String label) {
        StringWriter out = new StringWriter();
        try {
            writeBlock(rows, format, label, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private void writeBlock(List<Row> rows, Format format, String label, Writer out) throws IOException {
        Map<String, String> vars = new HashMap<>(templates.words(lang));
        vars.put("label", label);
        vars.put("indent", format.indent());
        fill(format.template("block"), vars, Map.of("rows", w -> writeRows(rows, format, w)), out);
    }

    /** Each row's lines, {@code \\} between lines (after the last too if the style says), one row at a time. */
    private void writeRows(List<Row> rows, Format format, Writer out) throws IOException {
        String pending = null;
        for (Row r : rows) {
            for (String line : Latex.alignedRows(List.of(r), style)) {
                if (pending != null) out.append(format.indent()).append(pending).append("\\\\\n");
                pending = line;
            }
        }
        if (pending != null) {
            out.append(format.indent()).append(pending).append(style.finalBreak() ? "\\\\\n" : "\n");
        }
    }

    /**
     * Fills template {@code relative} as {@link #fill(String, Map)} would with each part's text as the value of
     * its placeholder, but writes the parts to {@code out} in place instead of making them strings. The template
     * is cut at each {@code ${name}} of a part (not an escaped {@code $${name}}), and the pieces between are
     * filled on their own.
     */
    private void fill(String relative, Map<String, String> vars, Map<String, Part> parts, Writer out)
            throws IOException {
        String template = templates.get(relative);
        int from = 0;
        while (true) {
            int at = -1;
            Part part = null;
            String key = null;
            for (Map.Entry<String, Part> p : parts.entrySet()) {
                String placeholder = "${" + p.getKey() + "}";
                int i = template.indexOf(placeholder, from);
                while (i > 0 && template.charAt(i - 1) == '$') i = template.indexOf(placeholder, i + 1);
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    part = p.getValue();
                    key = placeholder;
                }
            }
            if (part == null) {
                out.write(templates.fill(relative, template.substring(from), vars));
                return;
            }
            out.write(templates.fill(relative, template.substring(from, at), vars));
            part.writeTo(out);
            from = at + key.length();
        }
    }

    private String fill(String relative, Map<String, String> vars) {
        return templates.fill(relative, templates.get(relative), vars);
    }

    /**
     * The words of {@code lang} and what every document template may use: the header line (its words filled with
     * the network and the form's name in that language) and the packages a LaTeX reader needs for the style.
     */
    public static Map<String, String> words(Templates templates, String lang, Style style, String network, String form) {
        // A language a user adds may predate the header words: those fall back to gradpath's English ones.
        Map<String, String> vars = new HashMap<>(Templates.builtIn().words("en"));
        vars.putAll(templates.words(lang));
        String words = "lang/" + lang + ".properties";
        vars.put("network", network);
        vars.put("form", form);
        vars.put("formName", vars.getOrDefault("form." + form, form));
        vars.put("dollar", "$");
        vars.put("packages", style.bold() == Style.Bold.BM ? "amsmath,bm" : "amsmath");
        for (String key : new String[] {"header", "header.forward", "needs"}) {
            if (vars.containsKey(key)) vars.put(key, templates.fill(words, vars.get(key), vars));
        }
        return vars;
    }

    /**
     * Unix newlines, no trailing blanks, at most one blank line in a row, none at the start, exactly one final
     * newline: byte-identical output on every machine. One pass, no regular expression (a short run spent a tenth
     * of its time here, interpreted).
     */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 1);
        boolean started = false, blank = false;
        int n = text.length();
        for (int i = 0; i <= n; ) {
            int end = text.indexOf('\n', i);
            if (end < 0) end = n;
            int e = end;
            while (e > i && Character.isWhitespace(text.charAt(e - 1))) e--;
            if (e == i) {
                blank = started;
            } else {
                if (started) sb.append(blank ? "\n\n" : "\n");
                sb.append(text, i, e);
                started = true;
                blank = false;
            }
            i = end + 1;
        }
        return sb.append('\n').toString();
    }
}
