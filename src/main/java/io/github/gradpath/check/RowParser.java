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
    /** Commands whose group is words between equations ({@code \\text{and}}, {@code \\textrm{for }}). */
    private static final Set<String> WORDS = Set.of("\\text", "\\mbox", "\\textrm", "\\hbox", "\\mathrm",
            "\\textnormal", "\\textit", "\\textup");
    private static final Set<String> PROSE = Set.of("and", "or", "for", "where", "with", "if", "for all", "when");
    private static final Set<String> DEFINES = Set.of("\\coloneqq", "\\coloneq", "\\triangleq", "\\doteq",
            "\\eqqcolon", "\\defeq", "\\eqdef", "\\stackrel", "\\overset");
    private static final Set<String> UPDATE = Set.of("\\leftarrow", "\\gets", "\\longleftarrow", "\\Leftarrow");
    private static final Set<String> ARROWS = Set.of("\\to", "\\rightarrow", "\\Rightarrow", "\\implies",
            "\\longrightarrow", "\\Longrightarrow", "\\mapsto", "\\leadsto");
    private static final Set<String> RELATIONS = Set.of("\\approx", "\\neq", "\\ne", "\\sim", "\\simeq", "\\le",
            "\\leq", "\\ge", "\\geq", "<", ">", "\\propto", "\\equiv");

    /** One row: its sides as tokens (the first may be empty: a continuation) and a trailing condition. */
    record Row(int offset, List<List<Tok>> sides, List<Tok> condition, boolean mentionsPartial, String relation,
               String note) {}

    private RowParser() {}

    /** Rows of {@code text}, a {@code \vdots} row as {@code null} (it breaks a chain of equalities). */
    static List<Row> rows(String text) {
        List<Tok> ts = braceNotes(Tex.lex(text));
        List<List<Tok>> raw = new ArrayList<>();
        List<Tok> row = new ArrayList<>();
        int i = 0;
        // Inside a matrix environment (a concatenation's block selector `\begin{bmatrix} 1 \\ 0 \end{bmatrix}`),
        // `\\` and `&` separate its cells, not rows: they are kept for the expression reader.
        int matrices = 0;
        while (i < ts.size()) {
            Tok t = ts.get(i);
            String s = t.text();
            if (t.kind() != Kind.CMD) {
                // What follows tests commands, and `&`, the one other token it handles (dropped outside a matrix);
                // most tokens are no command, and this loop runs over a whole block in the interpreter.
                if (matrices > 0 || !s.equals("&")) row.add(t);
                i++;
                continue;
            }
            if ((s.equals("\\begin") || s.equals("\\end")) && i + 1 < ts.size() && ts.get(i + 1).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i + 1);
                if (c > 0 && Matrices.ENVS.contains(Tex.text(ts, i + 2, c))) matrices = Math.max(0, matrices + (s.equals("\\begin") ? 1 : -1));
            }
            if (matrices > 0 && (s.equals("\\\\") || s.equals("&"))) {
                row.add(t);
                i++;
                continue;
            }
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

    /** {@code \\underbrace{X}_{note}} and {@code \\overbrace{X}^{note}} are {@code {X}}: what is under the brace. */
    private static List<Tok> braceNotes(List<Tok> ts) {
        List<Tok> out = new ArrayList<>();
        java.util.Set<Integer> drop = new java.util.HashSet<>();
        for (int k = 0; k < ts.size(); k++) {
            Tok t = ts.get(k);
            // Only commands are looked for, and most tokens are not one: tested once, not five times (this loop
            // runs over a whole block in the interpreter on a short run).
            if (t.kind() != Kind.CMD) continue;
            if ((t.is("\\displaylines") || t.is("\\color") || t.is("\\textcolor")) && k + 1 < ts.size()
                    && ts.get(k + 1).kind() == Kind.LBRACE) {
                // \displaylines{rows}: the rows; \color{red}: no math at all.
                int c = Tex.closing(ts, k + 1);
                drop.add(k);
                if (t.is("\\displaylines")) {
                    drop.add(k + 1);
                    if (c > 0) drop.add(c);
                } else {
                    for (int j = k + 1; j <= c && c > 0; j++) drop.add(j);
                }
                continue;
            }
            if ((t.is("\\underbrace") || t.is("\\overbrace")) && k + 1 < ts.size() && ts.get(k + 1).kind() == Kind.LBRACE) {
                drop.add(k);
                int c = Tex.closing(ts, k + 1);
                if (c > 0 && c + 2 < ts.size() && (ts.get(c + 1).is("_") || ts.get(c + 1).is("^"))) {
                    int end = ts.get(c + 2).kind() == Kind.LBRACE ? Tex.closing(ts, c + 2) : c + 2;
                    for (int j = c + 1; j <= end && end > 0; j++) drop.add(j);
                }
            }
        }
        if (drop.isEmpty()) return ts; // the usual block: no boxed lookup per token
        for (int k = 0; k < ts.size(); k++) if (!drop.contains(k)) out.add(ts.get(k));
        return out;
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
        for (List<Tok> r : merged) {
            if (r == null) out.add(null);
            else out.addAll(split(r));
        }
        return out;
    }

    private static boolean isVdots(List<Tok> r) {
        for (Tok t : r) if (!t.is("\\vdots") && !t.is("\\ddots")) return false;
        return true;
    }

    /**
     * The equations of one row. Several equations may share a line, separated by {@code \\quad}, {@code \\qquad},
     * {@code \\hspace{...}}, {@code ;}, a comma, or words ({@code \\;\\textrm{and}\\;}, {@code \\text{for }}):
     * each becomes a row of its own. A piece with no {@code =} (the rest of a list {@code k = 1, \\ldots, p})
     * continues the piece before it; pieces stating a range are the condition of the equations beside them.
     */
    private static List<Row> split(List<Tok> r) {
        List<Row> out = new ArrayList<>();
        String whole = wholeRowNote(r);
        if (whole != null) {
            out.add(new Row(r.get(0).offset(), List.of(r), List.of(), Mentions.derivative(r), null, whole));
            return out;
        }
        List<List<Tok>> pieces = new ArrayList<>();
        List<Tok> cur = new ArrayList<>();
        Tok sep = null;
        int depth = 0;
        for (int k = 0; k < r.size(); k++) {
            Tok t = r.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            int next = depth == 0 ? separator(r, k) : -1;
            if (next < 0) {
                cur.add(t);
                continue;
            }
            piece(pieces, cur, sep);
            cur = new ArrayList<>();
            sep = t;
            k = next - 1;
        }
        piece(pieces, cur, sep);
        List<Tok> condition = new ArrayList<>();
        for (List<Tok> p : pieces) if (!Mentions.derivative(p)) condition.addAll(p);
        for (List<Tok> p : pieces) {
            Row row = row(p, condition);
            if (row != null) out.add(row);
        }
        return out;
    }

    /** Adds a piece; one with no relation after a comma continues the piece before it (a list). */
    private static void piece(List<List<Tok>> pieces, List<Tok> cur, Tok sep) {
        if (cur.isEmpty()) return;
        if (sep != null && sep.is(",") && !hasRelation(cur) && !pieces.isEmpty()) {
            List<Tok> prev = pieces.get(pieces.size() - 1);
            prev.add(sep);
            prev.addAll(cur);
            return;
        }
        pieces.add(cur);
    }

    private static boolean hasRelation(List<Tok> ts) {
        int depth = 0;
        for (Tok t : ts) {
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            else if (depth == 0 && (t.is("=") || RELATIONS.contains(t.text()) || DEFINES.contains(t.text()))) return true;
        }
        return false;
    }

    /** The index after a separator between equations at {@code k}, or -1. */
    private static int separator(List<Tok> r, int k) {
        Tok t = r.get(k);
        // Asked at every token of a row: a character is only ever `;` or `,` here, the rest are commands.
        if (t.kind() != Kind.CMD) return t.is(";") || t.is(",") ? k + 1 : -1;
        if (t.is("\\quad") || t.is("\\qquad")) return k + 1;
        if ((t.is("\\hspace") || t.is("\\hspace*")) && k + 1 < r.size()) {
            int j = k + 1;
            if (r.get(j).is("*")) j++;
            if (j < r.size() && r.get(j).kind() == Kind.LBRACE) return Tex.closing(r, j) + 1;
            return k + 1;
        }
        if (WORDS.contains(t.text()) && k + 1 < r.size() && r.get(k + 1).kind() == Kind.LBRACE) {
            int c = Tex.closing(r, k + 1);
            if (c < 0) return -1;
            // \textrm{diag}(...), \mathrm{softmax}(z): a function, not words between equations.
            if (c + 1 < r.size() && (r.get(c + 1).is("(") || r.get(c + 1).is("\\left") || r.get(c + 1).is("_")
                    || r.get(c + 1).is("^"))) return -1;
            String words = Tex.text(r, k + 2, c).trim();
            if (words.equals("d")) return -1;
            if (t.is("\\mathrm") && !PROSE.contains(words)) return -1;
            return c + 1;
        }
        return -1;
    }

    /** A reason to skip the whole row with a note (an update rule, a rule display), or null. */
    private static String wholeRowNote(List<Tok> r) {
        int depth = 0;
        for (Tok t : r) {
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            else if (depth == 0 && t.kind() == Kind.CMD) { // both sets hold commands only
                if (UPDATE.contains(t.text())) return "an update rule (`" + t.text() + "`), not a derivative statement";
                if (ARROWS.contains(t.text())) return "a rule display (`" + t.text() + "`), not a derivative statement";
            }
        }
        return null;
    }

    private static Row row(List<Tok> r, List<Tok> condition) {
        List<Tok> main = new ArrayList<>(r);
        while (!main.isEmpty() && (main.get(main.size() - 1).is(",") || main.get(main.size() - 1).is(".")
                || main.get(main.size() - 1).is(";"))) {
            main.remove(main.size() - 1);
        }
        if (main.isEmpty()) return null;
        boolean partial = Mentions.derivative(main);
        String relation = null, note = null;
        int depth = 0;
        for (int k = 0; k < main.size(); k++) {
            Tok t = main.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            else if (depth == 0 && relation == null && RELATIONS.contains(t.text())) relation = t.text();
            else if (depth == 0 && note == null && (DEFINES.contains(t.text())
                    || t.is(":") && k + 1 < main.size() && main.get(k + 1).is("=")
                    || (t.is("\\stackrel") || t.is("\\overset")) && k > 0)) {
                note = "a definition (`" + (t.is(":") ? ":=" : t.text()) + "`), not a derivative statement";
            }
        }
        List<List<Tok>> sides = new ArrayList<>();
        int from = 0;
        for (int e : ExprParser.equalsSigns(main, 0, main.size())) {
            sides.add(main.subList(from, e));
            from = e + 1;
        }
        int upto = main.size();
        int d = 0;
        for (int k = from; k < main.size(); k++) {
            Tok t = main.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) d++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) d--;
            else if (d == 0 && t.is("\\in") && k > from) { upto = k; break; } // `= ∂L/∂o \in R^q`: a shape, no factor
        }
        sides.add(main.subList(from, upto));
        if (note == null && sides.size() > 1 && sides.get(0).size() > 0) {
            Tok last = sides.get(0).get(sides.get(0).size() - 1);
            if (last.is(":")) note = "a definition (`:=`), not a derivative statement";
        }
        return new Row(main.get(0).offset(), sides, condition, partial, relation, note);
    }

    private static boolean isDirect(List<Tok> r, int k) {
        return k > 0 && r.get(k - 1).kind() == Kind.LBRACE && k >= 2 && r.get(k - 2).is("_");
    }
}
