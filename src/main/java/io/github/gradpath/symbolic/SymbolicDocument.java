package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.render.DocumentRenderer;
import io.github.gradpath.render.Format;
import io.github.gradpath.render.Latex;
import io.github.gradpath.render.RowStyle;
import io.github.gradpath.render.Style;
import io.github.gradpath.render.Templates;

import java.util.ArrayList;
import java.util.HashMap;
import io.github.gradpath.derive.Row;
import java.util.List;
import java.util.Map;

/**
 * A {@link Symbolic.Result} as a document, through templates: the gradient block in {@code document.*} with the
 * case definitions ({@code case.*}, one sentence each, words from {@code lang/*.properties}: "当 k=... 时") in
 * {@code cases.*}; or the forward block in {@code forward.*}. Math rows come from {@link Latex}.
 */
public final class SymbolicDocument {
    private final Templates templates;
    private final String lang;
    private final Style style;

    public SymbolicDocument(Templates templates, String lang) { this(templates, lang, Style.DEFAULT); }

    public SymbolicDocument(Templates templates, String lang, Style style) {
        this.templates = templates;
        this.lang = lang;
        this.style = style;
    }

    public String render(Symbolic.Result r, Format format, String label) {
        DocumentRenderer blocks = new DocumentRenderer(templates, lang, style);
        Map<String, String> words = templates.words(lang);
        Map<String, String> vars = DocumentRenderer.words(templates, lang, style, r.network(),
                r.form().name().toLowerCase(java.util.Locale.ROOT));
        vars.put("label", label);
        // A style's row choices (\\vdots rows, factors kept inside \\cdots) describe factored blocks, as the chapter
        // writes them; the adjoint form's one-step rows have no chain to keep a factor in.
        List<Row> rows = r.form() == io.github.gradpath.derive.Form.FACTORED ? RowStyle.apply(style, r.network(), r.rows())
                : r.rows();
        String block = blocks.block(rows, format, label);
        if (r.forward()) {
            vars.put("block", block);
            return format.finish(normalize(fill(format, "forward", vars)));
        }
        vars.put("gradients", block);
        List<String> parts = new ArrayList<>();
        if (!r.cases().isEmpty()) {
            List<String> sentences = new ArrayList<>();
            for (Symbolic.Case c : r.cases()) {
                Map<String, String> cv = new HashMap<>(words);
                // Two free indices are two statements (k=..., t=...): a reader, and `check`, takes each range.
                cv.put("range", String.join(", ", c.ranges().stream().map(x -> inline(format, x)).toList()));
                cv.put("when", templates.fill("lang/" + lang + ".properties", words.getOrDefault("case.when", "${range}"), cv));
                cv.put("equation", inline(format, equation(c.lhs(), c.rhs(), style)));
                cv.put("dollar", "$");
                // The same case as rows of an aligned environment, one right-hand side a row, for formats that
                // set it as a display so it breaks at its equals signs instead of running into the margin.
                cv.put("rows", caseRows(format, c, style));
                sentences.add(fill(format, "case", cv).strip());
            }
            Map<String, String> cs = new HashMap<>(vars);
            cs.put("cases", String.join("\n\n", sentences));
            parts.add(fill(format, "cases", cs).strip());
        }
        if (!r.definitions().isEmpty()) {
            Map<String, String> dv = new HashMap<>(vars);
            dv.put("block", blocks.block(r.definitions(), format, label + "-factors"));
            parts.add(fill(format, "definitions", dv).strip());
        }
        vars.put("definitions", String.join("\n\n", parts));
        return format.finish(normalize(fill(format, "document", vars)));
    }

    /** {@code lhs = rhs_1 = rhs_2}: a case written inline, as the chapter does. */
    static String equation(Expr lhs, List<Expr> rhs) { return equation(lhs, rhs, Style.DEFAULT); }

    static String equation(Expr lhs, List<Expr> rhs, Style style) {
        StringBuilder sb = new StringBuilder(Latex.expr(lhs, style));
        for (Expr r : rhs) sb.append(" = ").append(Latex.expr(r, style));
        return sb.toString();
    }

    private static String caseRows(Format format, Symbolic.Case c, Style style) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.rhs().size(); i++) {
            sb.append(format.indent()).append(i == 0 ? Latex.expr(c.lhs(), style) + " " : "").append("&= ")
                    .append(Latex.expr(c.rhs().get(i), style));
            sb.append(i < c.rhs().size() - 1 ? "\\\\\n" : "\n");
        }
        return sb.toString();
    }

    private String inline(Format format, String math) {
        Map<String, String> v = new HashMap<>();
        v.put("math", math);
        v.put("dollar", "$");
        String rel = format.template("inline");
        return templates.fill(rel, templates.get(rel).strip(), v);
    }

    private String fill(Format format, String name, Map<String, String> vars) {
        String rel = format.template(name);
        return templates.fill(rel, templates.get(rel), vars);
    }

    /** Same normal form as the core's documents: {@code \n}, no trailing blanks, one final newline. */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) sb.append(line.stripTrailing()).append('\n');
        String out = sb.toString().replaceAll("\n{3,}", "\n\n");
        int start = 0;
        while (start < out.length() && out.charAt(start) == '\n') start++;
        int end = out.length();
        while (end > start && out.charAt(end - 1) == '\n') end--;
        return out.substring(start, end) + "\n";
    }
}
