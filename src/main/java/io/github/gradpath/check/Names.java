package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the name of a variable as people write it ({@code {\\bm h}_q}, {@code W^{(l)}}, {@code W_\\textrm{hh}},
 * {@code \\hat y_t}, {@code a^{(L)}_j}) into a {@link Written.Var}: notation only, apart from what the derivatives
 * around it mean. Kept apart from {@link ExprParser}, which reads the expressions these names stand in.
 */
final class Names {
    static final Set<String> WRAPPERS = Set.of("\\bm", "\\mathbf", "\\boldsymbol", "\\vec", "\\mathrm",
            "\\mathit", "\\mathcal", "\\mathsf", "\\bf", "\\pmb", "\\mathbfit", "\\bold", "\\vb", "\\cal", "\\mathscr");
    /** Decorations that are part of a name: {@code \hat y} is the node {@code yhat}. */
    static final Map<String, String> DECORATIONS = Map.of("\\hat", "hat", "\\widehat", "hat", "\\tilde", "tilde",
            "\\widetilde", "tilde", "\\bar", "bar", "\\overline", "bar", "\\dot", "dot", "\\check", "check");
    /** Commands whose group in a subscript is its text: {@code W_\textrm{hh}} is {@code W_{hh}}. */
    private static final Set<String> SUB_TEXT = Set.of("\\text", "\\textrm", "\\mathrm", "\\mathit", "\\rm",
            "\\mathsf", "\\mathbf", "\\bm", "\\boldsymbol", "\\textit", "\\textsf", "\\operatorname", "\\mathnormal");

    private Names() {}

    private static int offsetAt(List<Tok> ts, int i) {
        if (ts.isEmpty()) return 0;
        return ts.get(Math.min(i, ts.size() - 1)).offset();
    }

    /**
     * A variable: optional bold wrapper or decoration, a base, an optional subscript and an optional superscript
     * layer index ({@code W^{(l)}}, {@code W^{[l]}}, {@code h^l}); {@code {\\bm h}_q}, {@code \\bm{h}_{q}},
     * {@code a^{(L)}_j} (the layer index first: {@code a_{L,j}}).
     */
    static Written.Var var(List<Tok> ts, int from, int to) {
        int off = from < to ? ts.get(from).offset() : offsetAt(ts, from);
        String[] base = {null};
        int[] sub;
        int i = from;
        if (i < to && ts.get(i).kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= to) throw new Written.Unreadable("`{` is not closed", off);
            sub = core(ts, i + 1, c, base);
            if (sub[2] < c && ts.get(sub[2]).is("^")) {
                int[] sup = superscript(ts, sub[2], c);
                if (sup[2] != c) throw new Written.Unreadable("cannot read `" + Tex.text(ts, i, c + 1) + "`", off);
                sub = merge(sub, sup);
            }
            i = c + 1;
        } else {
            sub = core(ts, i, to, base);
            i = sub[2];
        }
        int[] sup = null;
        while (i < to && (ts.get(i).is("_") || ts.get(i).is("^"))) {
            if (ts.get(i).is("^")) {
                if (sup != null || sub.length > 3) throw new Written.Unreadable("two superscripts", ts.get(i).offset());
                sup = superscript(ts, i, to);
                i = sup[2];
                continue;
            }
            if (sub[0] >= 0) throw new Written.Unreadable("two subscripts", ts.get(i).offset());
            i++;
            if (i >= to) throw new Written.Unreadable("`_` without a subscript", off);
            if (ts.get(i).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i);
                if (c < 0 || c >= to) throw new Written.Unreadable("`{` is not closed", off);
                sub = new int[] {i + 1, c, c + 1};
                i = c + 1;
            } else if (SUB_TEXT.contains(ts.get(i).text()) && i + 1 < to && ts.get(i + 1).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i + 1);
                if (c < 0 || c >= to) throw new Written.Unreadable("`{` is not closed", off);
                sub = new int[] {i, c + 1, c + 1};
                i = c + 1;
            } else {
                sub = new int[] {i, i + 1, i + 1};
                i++;
            }
        }
        if (sup != null) sub = merge(sub, sup);
        if (i < to) {
            Tok t = ts.get(i);
            if (t.is("'")) throw new Written.Unreadable("a prime on a variable is not understood", t.offset());
            throw new Written.Unreadable("cannot read the variable `" + Tex.text(ts, from, to) + "`", off);
        }
        if (sub[0] < 0 && sub.length == 3) return new Written.Var(base[0], List.of(), "", off);
        return subscript(base[0], ts, sub, off);
    }

    /**
     * A superscript at {@code at} (the {@code ^}) read as a layer index: {@code ^{(l)}}, {@code ^{[l]}},
     * {@code ^{l}}, {@code ^l}. Returns {from, to, next}. A transpose, prime or power is no index.
     */
    private static int[] superscript(List<Tok> ts, int at, int to) {
        int i = at + 1;
        if (i >= to) throw new Written.Unreadable("`^` without a superscript", ts.get(at).offset());
        int from, upto, next;
        if (ts.get(i).kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= to) throw new Written.Unreadable("`{` is not closed", ts.get(i).offset());
            from = i + 1;
            upto = c;
            next = c + 1;
        } else {
            from = i;
            upto = i + 1;
            next = i + 1;
        }
        if (upto - from >= 2 && (ts.get(from).is("(") && ts.get(upto - 1).is(")")
                || ts.get(from).is("[") && ts.get(upto - 1).is("]"))) {
            from++;
            upto--;
        }
        String what = Tex.text(ts, from, upto);
        if (from >= upto || what.equals("T") || what.equals("\\top") || what.equals("\\intercal") || what.contains("\\prime")
                || what.contains("\\mathsf") || what.equals("\\mathrm{T}") || what.equals("'") || what.equals("*")) {
            throw new Written.Unreadable("the superscript `^" + what + "` on a variable is not a layer index", ts.get(at).offset());
        }
        for (int k = from; k < upto; k++) {
            if (ts.get(k).kind() != Kind.CHAR) {
                throw new Written.Unreadable("the superscript `^" + what + "` on a variable is not a layer index",
                        ts.get(at).offset());
            }
        }
        return new int[] {from, upto, next};
    }

    /** Superscript index first, then the subscript: {from1, to1, next, from2, to2}. */
    private static int[] merge(int[] sub, int[] sup) {
        if (sub[0] < 0) return new int[] {sup[0], sup[1], sup[2]};
        return new int[] {sup[0], sup[1], sup[2], sub[0], sub[1]};
    }

    /**
     * Wrapper and base at {@code from}, and a subscript right after the base if any. Returns {subFrom, subTo,
     * next}, subFrom = -1 without a subscript.
     */
    private static int[] core(List<Tok> ts, int from, int to, String[] base) {
        int i = from;
        int off = from < to ? ts.get(from).offset() : 0;
        while (i < to && WRAPPERS.contains(ts.get(i).text())) i++;
        if (i >= to) throw new Written.Unreadable("a variable is missing", off);
        if (ts.get(i).kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c > to) throw new Written.Unreadable("`{` is not closed", off);
            int[] inner = core(ts, i + 1, c, base);
            if (inner[2] != c) throw new Written.Unreadable("cannot read `" + Tex.text(ts, i, c + 1) + "`", off);
            return new int[] {inner[0], inner[1], c + 1};
        }
        Tok t = ts.get(i);
        String decoration = DECORATIONS.get(t.text());
        if (decoration != null) {
            // \hat y_t, \hat{y}_t, \hat{\bm y}_t: the decorated base, then the subscript.
            i++;
            if (i >= to) throw new Written.Unreadable("`" + t.text() + "` without a variable", t.offset());
            if (ts.get(i).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i);
                if (c < 0 || c > to) throw new Written.Unreadable("`{` is not closed", off);
                int[] inner = core(ts, i + 1, c, base);
                if (inner[0] >= 0 || inner[2] != c) throw new Written.Unreadable("cannot read `" + Tex.text(ts, i - 1, c + 1) + "`", off);
                i = c + 1;
            } else {
                int[] inner = core(ts, i, i + 1, base);
                i = inner[2];
            }
            base[0] = base[0] + decoration;
            return subscriptAfter(ts, i, to, off);
        }
        if (t.isLetter()) {
            StringBuilder b = new StringBuilder();
            while (i < to && ts.get(i).isLetter()) b.append(ts.get(i++).text());
            base[0] = b.toString();
        } else if (t.kind() == Kind.CMD && t.text().length() > 2 && Character.isLetter(t.text().charAt(1))) {
            base[0] = t.text().substring(1);
            i++;
        } else {
            throw new Written.Unreadable("cannot read the variable at `" + t.text() + "`", t.offset());
        }
        return subscriptAfter(ts, i, to, off);
    }

    /** The subscript at {@code i} if any: {from, to, next}, from = -1 without one. */
    private static int[] subscriptAfter(List<Tok> ts, int i, int to, int off) {
        if (i < to && ts.get(i).is("_")) {
            i++;
            if (i >= to) throw new Written.Unreadable("`_` without a subscript", off);
            if (ts.get(i).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i);
                if (c < 0 || c > to) throw new Written.Unreadable("`{` is not closed", off);
                return new int[] {i + 1, c, c + 1};
            }
            if (SUB_TEXT.contains(ts.get(i).text()) && i + 1 < to && ts.get(i + 1).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i + 1);
                if (c < 0 || c > to) throw new Written.Unreadable("`{` is not closed", off);
                return new int[] {i, c + 1, c + 1};
            }
            return new int[] {i, i + 1, i + 1};
        }
        return new int[] {-1, -1, i};
    }

    private static Written.Var subscript(String base, List<Tok> ts, int[] sub, int off) {
        StringBuilder text = new StringBuilder();
        for (int part = 0; part + 1 < sub.length; part += 3) {
            int from = sub[part], to = sub[part + 1];
            if (from < 0) continue;
            if (text.length() > 0) text.append(',');
            for (int k = from; k < to; k++) {
                Tok t = ts.get(k);
                if (t.kind() == Kind.LBRACE || t.kind() == Kind.RBRACE || SUB_TEXT.contains(t.text())) continue;
                if (t.kind() == Kind.CMD && t.text().length() > 2 && Character.isLetter(t.text().charAt(1))
                        && !t.is("\\cdot")) {
                    text.append(t.text().substring(1));
                    continue;
                }
                if (t.kind() != Kind.CHAR) {
                    throw new Written.Unreadable("cannot read the subscript `" + Tex.text(ts, from, to) + "`", t.offset());
                }
                text.append(t.text());
            }
        }
        String s = text.toString();
        return new Written.Var(base, Subscripts.parse(s, off), s, off);
    }

    /** Integer-linear subscripts: {@code q+1}, {@code N-1}, {@code 2p}, {@code 1,2}; letters runs are symbols. */
    static final class Subscripts {
        private Subscripts() {}

        static List<Linear> parse(String s, int off) {
            List<Linear> out = new ArrayList<>();
            for (String item : s.split(",", -1)) out.add(item(item, off, s));
            return out;
        }

        private static Linear item(String s, int off, String whole) {
            long constant = 0;
            java.util.TreeMap<String, Long> coeffs = new java.util.TreeMap<>();
            int i = 0;
            int sign = 1;
            boolean expectTerm = true;
            if (s.isEmpty()) throw new Written.Unreadable("empty subscript in `" + whole + "`", off);
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '+' || c == '-') {
                    if (!expectTerm && i > 0) { sign = c == '-' ? -1 : 1; expectTerm = true; i++; continue; }
                    if (i == 0) { sign = c == '-' ? -1 : 1; i++; continue; }
                    throw new Written.Unreadable("cannot read the subscript `" + whole + "`", off);
                }
                if (!expectTerm) throw new Written.Unreadable("cannot read the subscript `" + whole + "`", off);
                long coef = 1;
                boolean number = false;
                if (Character.isDigit(c)) {
                    long v = 0;
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        v = v * 10 + (s.charAt(i++) - '0');
                        if (v > 1_000_000_000L) throw new Written.Unreadable("subscript too large", off);
                    }
                    coef = v;
                    number = true;
                    if (i < s.length() && s.charAt(i) == '*') i++;
                }
                if (i < s.length() && Character.isLetter(s.charAt(i))) {
                    int j = i;
                    while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) j++;
                    coeffs.merge(s.substring(i, j), sign * coef, Long::sum);
                    i = j;
                } else if (number) {
                    constant += sign * coef;
                } else {
                    throw new Written.Unreadable("cannot read the subscript `" + whole + "`", off);
                }
                expectTerm = false;
                sign = 1;
            }
            if (expectTerm) throw new Written.Unreadable("cannot read the subscript `" + whole + "`", off);
            return new Linear(constant, Map.copyOf(coeffs), io.github.gradpath.diag.Pos.NONE);
        }
    }
}
