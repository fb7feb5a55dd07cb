package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits math text into rows ({@code \\}, environment boundaries), drops what only typesets ({@code &},
 * labels, spacing, delimiter sizes) and reads each row that mentions {@code \partial} as
 * {@code lhs = rhs_1 = rhs_2 ...}; a row with an empty left side continues the row above, and a row that starts
 * with {@code \times} or {@code +} continues its last right side.
 */
final class RowParser {
    private static final Set<String> ENVS = Set.of("aligned", "align", "align*", "equation", "equation*", "split",
            "gather", "gather*", "gathered", "multline", "multline*", "alignat", "alignat*", "alignedat", "eqnarray",
            "eqnarray*", "flalign", "flalign*");
    private static final Set<String> DROP = Set.of("\\,", "\\;", "\\:", "\\!", "\\ ", "\\enspace", "\\thinspace",
            "\\displaystyle", "\\textstyle", "\\nonumber", "\\notag", "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl",
            "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr", "\\Biggl", "\\Biggr", "\\middle", "&", "\\limits");
    private static final Set<String> CONDITION = Set.of("\\quad", "\\qquad", "\\text", "\\mbox", "\\textrm",
            "\\hbox", "\\mathrm", "\\textnormal");
    private static final Set<String> RELATIONS = Set.of("\\approx", "\\neq", "\\ne", "\\sim", "\\simeq", "\\le",
            "\\leq", "\\ge", "\\geq", "<", ">", "\\propto", "\\equiv");

    /** One row: its sides as tokens (the first may be empty: a continuation) and a trailing condition. */
    record Row(int offset, List<List<Tok>> sides, List<Tok> condition, boolean mentionsPartial, String relation) {}

    private RowParser() {}

    /** Rows of {@code text}, a {@code \vdots} row as {@code null} (it breaks a chain of equalities). */
    static List<Row> rows(String text) {
        List<Tok> ts = Tex.lex(text);
        List<List<Tok>> raw = new ArrayList<>();
        List<Tok> row = new ArrayList<>();
        int i = 0;
        while (i < ts.size()) {
            Tok t = ts.get(i);
            String s = t.text();
            if (s.equals("\\\\") || s.equals("\\cr")) {
                raw.add(row);
                row = new ArrayList<>();
                i++;
                if (i < ts.size() && ts.get(i).is("[")) {
                    while (i < ts.size() && !ts.get(i).is("]")) i++;
                    i++;
                }
                continue;
            }
            if ((s.equals("\\begin") || s.equals("\\end")) && i + 1 < ts.size() && ts.get(i + 1).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i + 1);
                String env = c < 0 ? "" : Tex.text(ts, i + 2, c);
                if (ENVS.contains(env)) {
                    raw.add(row);
                    row = new ArrayList<>();
                    i = c + 1;
                    if (s.equals("\\begin") && env.startsWith("align") && env.contains("at") && i < ts.size()
                            && ts.get(i).kind() == Kind.LBRACE) {
                        i = Tex.closing(ts, i) + 1;
                    }
                    continue;
                }
            }
            if ((s.equals("\\label") || s.equals("\\tag") || s.equals("\\eqref")) && i + 1 < ts.size()) {
                int j = i + 1;
                if (ts.get(j).is("*")) j++;
                if (j < ts.size() && ts.get(j).kind() == Kind.LBRACE) {
                    i = Tex.closing(ts, j) + 1;
                    if (i == 0) i = ts.size();
                    continue;
                }
            }
            if (s.equals("\\left") || s.equals("\\right")) {
                if (i + 1 < ts.size() && (ts.get(i + 1).is(".") && s.equals("\\left")
                        || ts.get(i + 1).is("|") && s.equals("\\right"))) {
                    row.add(new Tok(Kind.CMD, s + ts.get(i + 1).text(), t.offset()));
                    i += 2;
                } else {
                    i++;
                }
                continue;
            }
            if (DROP.contains(s)) {
                i++;
                continue;
            }
            row.add(t);
            i++;
        }
        raw.add(row);
        return assemble(raw);
    }

    private static List<Row> assemble(List<List<Tok>> raw) {
        List<Row> out = new ArrayList<>();
        List<Tok> pending = null;
        List<List<Tok>> merged = new ArrayList<>();
        for (List<Tok> r : raw) {
            if (r.isEmpty()) continue;
            if (isVdots(r)) {
                if (pending != null) merged.add(pending);
                pending = null;
                merged.add(null);
                continue;
            }
            Tok first = r.get(0);
            boolean continues = (first.is("\\times") || first.is("\\cdot") || first.is("+"))
                    && ExprParser.equalsSigns(r, 0, r.size()).isEmpty();
            if (continues && pending != null) {
                pending.addAll(r);
                continue;
            }
            if (pending != null) merged.add(pending);
            pending = new ArrayList<>(r);
        }
        if (pending != null) merged.add(pending);
        for (List<Tok> r : merged) out.add(r == null ? null : row(r));
        return out;
    }

    private static boolean isVdots(List<Tok> r) {
        for (Tok t : r) if (!t.is("\\vdots") && !t.is("\\ddots")) return false;
        return true;
    }

    private static Row row(List<Tok> r) {
        int cut = r.size();
        int depth = 0;
        for (int k = 0; k < r.size(); k++) {
            Tok t = r.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            else if (depth == 0 && CONDITION.contains(t.text()) && !(t.is("\\mathrm") && isDirect(r, k))) {
                cut = k;
                break;
            }
        }
        List<Tok> main = new ArrayList<>(r.subList(0, cut));
        List<Tok> cond = new ArrayList<>(r.subList(cut, r.size()));
        while (!main.isEmpty() && (main.get(main.size() - 1).is(",") || main.get(main.size() - 1).is(".")
                || main.get(main.size() - 1).is(";"))) {
            main.remove(main.size() - 1);
        }
        boolean partial = false;
        String relation = null;
        depth = 0;
        for (Tok t : main) {
            if (t.is("\\partial")) partial = true;
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            else if (depth == 0 && relation == null && RELATIONS.contains(t.text())) relation = t.text();
        }
        List<List<Tok>> sides = new ArrayList<>();
        int from = 0;
        for (int e : ExprParser.equalsSigns(main, 0, main.size())) {
            sides.add(main.subList(from, e));
            from = e + 1;
        }
        sides.add(main.subList(from, main.size()));
        return new Row(r.get(0).offset(), sides, cond, partial, relation);
    }

    private static boolean isDirect(List<Tok> r, int k) {
        return k > 0 && r.get(k - 1).kind() == Kind.LBRACE && k >= 2 && r.get(k - 2).is("_");
    }
}
