package io.github.gradpath.render;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Row;

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
        Map<String, String> vars = words(templates, lang, style, d.network(), d.form().name().toLowerCase(java.util.Locale.ROOT));
        vars.put("label", label);
        vars.put("gradients", block(RowStyle.apply(style, d.network(), d.gradients()), format, label));
        if (d.definitions().isEmpty()) {
            vars.put("definitions", "");
        } else {
            Map<String, String> defVars = new HashMap<>(vars);
            defVars.put("block", block(d.definitions(), format, label + "-factors"));
            vars.put("definitions", fill(format.template("definitions"), defVars));
        }
        return format.finish(normalize(fill(format.template("document"), vars)));
    }

    /** One labelled math block holding {@code rows} in an {@code aligned} environment. */
    public String block(List<Row> rows, Format format, String label) {
        List<String> lines = Latex.alignedRows(rows, style);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            body.append(format.indent()).append(lines.get(i));
            if (i < lines.size() - 1 || style.finalBreak()) body.append("\\\\");
            body.append('\n');
        }
        Map<String, String> vars = new HashMap<>(templates.words(lang));
        vars.put("label", label);
        vars.put("rows", body.toString());
        vars.put("indent", format.indent());
        return fill(format.template("block"), vars);
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

    /** Unix newlines, no trailing blanks, exactly one final newline: byte-identical output on every machine. */
    static String normalize(String text) {
        String t = text.replace("\r\n", "\n");
        StringBuilder sb = new StringBuilder();
        for (String line : t.split("\n", -1)) sb.append(line.stripTrailing()).append('\n');
        String out = sb.toString().replaceAll("\n{3,}", "\n\n");
        int start = 0;
        while (start < out.length() && out.charAt(start) == '\n') start++;
        int end = out.length();
        while (end > start && out.charAt(end - 1) == '\n') end--;
        return out.substring(start, end) + "\n";
    }
}
