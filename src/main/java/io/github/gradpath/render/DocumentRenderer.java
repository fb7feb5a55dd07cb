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

    public DocumentRenderer(Templates templates, String lang) {
        this.templates = templates;
        this.lang = lang;
    }

    public String render(Derivation d, Format format, String label) {
        Map<String, String> vars = new HashMap<>(templates.words(lang));
        vars.put("network", d.network());
        vars.put("label", label);
        vars.put("form", d.form().name().toLowerCase(java.util.Locale.ROOT));
        vars.put("gradients", block(d.gradients(), format, label));
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
        List<String> lines = Latex.alignedRows(rows);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            body.append(format.indent()).append(lines.get(i));
            if (i < lines.size() - 1) body.append("\\\\");
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
