package io.github.gradpath.render;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Row;
import org.apache.commons.text.StringSubstitutor;

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
        Map<String, String> vars = new HashMap<>(templates.words(lang));
        vars.put("network", d.network());
        vars.put("label", label);
        vars.put("form", d.form().name().toLowerCase(java.util.Locale.ROOT));
        vars.put("gradients", block(RowStyle.apply(style, d.network(), d.gradients()), format, label));
        if (d.definitions().isEmpty()) {
            vars.put("definitions", "");
        } else {
            Map<String, String> defVars = new HashMap<>(vars);
            defVars.put("block", block(d.definitions(), format, label + "-factors"));
            vars.put("definitions", fill(templates.get(format.dir() + "/definitions." + format.extension()), defVars));
        }
        return normalize(fill(templates.get(format.dir() + "/document." + format.extension()), vars));
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
        return fill(templates.get(format.dir() + "/block." + format.extension()), vars);
    }

    private static String fill(String template, Map<String, String> vars) {
        StringSubstitutor s = new StringSubstitutor(vars);
        s.setDisableSubstitutionInValues(true);
        return s.replace(template);
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
