package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.List;
import java.util.Set;

/**
 * Reads the explicit values people write inside a chain, as notation only (judging is {@link Values}'s):
 * {@code W}, {@code w_j}, {@code \mathbf{W}^{(2)}} (a weight's value), {@code h_t^\top}, {@code W^T},
 * {@code X^{\mathsf T}}, {@code (W^\top)^{T-i}}, {@code \sigma'(z)}, {@code a_n'(z_n)}, {@code \phi^\prime(z)},
 * {@code \operatorname{diag}(v)}, {@code \mathrm{diag}}, {@code \text{diag}}.
 */
final class Explicit {
    /** {@code z_{h_{3,1}}}, {@code z_{h_1}} (bold or not): a pre-activation labelled by a node with concrete subscripts. */
    private static final java.util.regex.Pattern NODE_LABEL = java.util.regex.Pattern.compile(
            "(?:\\{\\\\bm)?([a-z])\\}?_\\{([A-Za-z]+_(?:\\{[0-9]+(?:,[0-9]+)*\\}|[0-9]))\\}");

    private Explicit() {}

    /** What was read and the token after it. */
    record Result(Written w, int next) {}

    private static final Set<String> STYLES = Set.of("\\mathsf", "\\mathrm", "\\rm", "\\textsf", "\\text", "\\sf",
            "\\mathit", "\\textrm", "\\operatorname");
    private static final Set<String> NOT_VALUES = Set.of("\\in", "\\quad", "\\qquad", "\\text", "\\textrm", "\\mathrm",
            "\\operatorname", "\\mathbb", "\\forall", "\\le", "\\ge", "\\leq", "\\geq", "\\approx", "\\propto", "\\equiv",
            "\\odot", "\\circ", "\\otimes", "\\times", "\\cdot", "\\left", "\\right", "\\Big", "\\big", "\\bigg", "\\Bigg");

    /** Whether an explicit value may start at {@code i} (a letter, a name command, a diag). */
    static boolean starts(List<Tok> ts, int i, int end) {
        if (i >= end) return false;
        Tok t = ts.get(i);
        if (isDiag(ts, i, end) >= 0) return true;
        if (t.isLetter() || t.kind() == Kind.LBRACE) return true;
        return t.kind() == Kind.CMD && t.text().length() > 2 && Character.isLetter(t.text().charAt(1))
                && !NOT_VALUES.contains(t.text()) && !t.is("\\partial") && !t.is("\\nabla");
    }

    /** The token after {@code \operatorname{diag}} (or {@code \mathrm}, {@code \text}, {@code \diag}) at {@code i}, or -1. */
    static int isDiag(List<Tok> ts, int i, int end) {
        Tok t = ts.get(i);
        if (t.is("\\diag")) return i + 1;
        if (!Mentions.UPRIGHT.contains(t.text()) && !t.is("\\operatorname*") && !t.is("\\textit")) return -1;
        int k = i + 1;
        if (k < end && ts.get(k).is("*")) k++;
        if (k + 5 < end && ts.get(k).kind() == Kind.LBRACE && ts.get(k + 1).is("d") && ts.get(k + 2).is("i")
                && ts.get(k + 3).is("a") && ts.get(k + 4).is("g") && ts.get(k + 5).kind() == Kind.RBRACE) return k + 6;
        return -1;
    }

    /** An explicit value at {@code i}, or null when none starts there. */
    static Result at(List<Tok> ts, int i, int end, Definitions defs) {
        Tok t = ts.get(i);
        if (Matrices.starts(ts, i, end)) return Matrices.read(ts, i, end, defs);
        int d = isDiag(ts, i, end);
        if (d >= 0) {
            int[] g = argument(ts, d, end, "`diag` without its argument");
            return new Result(new Written.DiagOf(ExprParser.parse(ts, g[0], g[1], defs), t.offset()), g[2]);
        }
        if (!starts(ts, i, end)) return null;
        int e = ExprParser.varEnd(ts, i, end, false);
        // A prime: `\sigma'(z)`, `a_n'(z_n)`, `\phi^\prime(z)` (varEnd stops at the quote, or took `^\prime`).
        int prime = -1, after = -1;
        if (e < end && ts.get(e).is("'")) { prime = e; after = e + 1; }
        for (int k = i + 1; k + 1 < Math.min(e, end); k++) {
            if (ts.get(k).is("^") && (ts.get(k + 1).is("\\prime") || ts.get(k + 1).kind() == Kind.LBRACE
                    && k + 3 < end && ts.get(k + 2).is("\\prime") && ts.get(k + 3).kind() == Kind.RBRACE)) {
                prime = k;
                after = ts.get(k + 1).is("\\prime") ? k + 2 : k + 4;
                break;
            }
        }
        if (prime >= 0) {
            Written.Var fn = Names.var(ts, i, prime);
            int[] g = argument(ts, after, end, "`" + fn.display() + "'` without its argument `(z)`");
            Written.Var arg;
            try {
                arg = Names.var(ts, g[0], g[1]);
            } catch (Written.Unreadable x) {
                // derive --expand names the pre-activation of a node with two subscripts after the node,
                // `z_{h_{3,1}}`: a label that is itself a node name (Primes binds it to that node's application).
                java.util.regex.Matcher m = NODE_LABEL.matcher(Tex.text(ts, g[0], g[1]).replace(" ", ""));
                if (m.matches()) {
                    return new Result(new Written.Prime(fn, new Written.Var(m.group(1), List.of(), m.group(2),
                            ts.get(g[0]).offset()), t.offset()), g[2]);
                }
                throw new Written.Unreadable("the derivative `" + fn.display() + "'(" + Tex.text(ts, g[0], g[1])
                        + ")` at a value that is not a node of the network is not read", t.offset());
            }
            return new Result(new Written.Prime(fn, arg, t.offset()), g[2]);
        }
        // A value, maybe transposed: `h_t^\top`, `W^T`, `{\mathbf{W}^{(2)}}^\top`.
        int top = -1, next = e;
        for (int k = i + 1; k < e; k++) {
            Tok u = ts.get(k);
            if (u.kind() == Kind.LBRACE && k > i) { int c = Tex.closing(ts, k); if (c > 0 && c < e) { k = c; continue; } }
            if (u.is("^")) {
                int te = transposeEnd(ts, k, end);
                if (te >= 0) { top = k; next = te; break; }
            }
        }
        if (top < 0 && e < end && ts.get(e).is("^")) {
            int te = transposeEnd(ts, e, end);
            if (te >= 0) { top = e; next = te; }
        }
        int nameEnd = top >= 0 ? top : e;
        if (nameEnd < end && nameEnd > i && ts.get(nameEnd - 1).is(")")) {
            throw new Written.Unreadable("the value of a function call `" + Tex.text(ts, i, nameEnd) + "` is not read",
                    t.offset());
        }
        Written w = new Written.Value(Names.var(ts, i, nameEnd), t.offset());
        if (top >= 0) w = new Written.Trans(w, t.offset());
        return new Result(w, next);
    }

    /** {@code (..)}, {@code [..]} or {@code {..}} at {@code k}: {from, to, next}. */
    private static int[] argument(List<Tok> ts, int k, int end, String missing) {
        if (k >= end) throw new Written.Unreadable(missing, ts.get(end - 1).offset());
        Tok t = ts.get(k);
        if (t.kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, k);
            if (c < 0 || c >= end) throw new Written.Unreadable("`{` is not closed", t.offset());
            return new int[] {k + 1, c, c + 1};
        }
        if (t.is("(") || t.is("[")) {
            String close = t.is("(") ? ")" : "]";
            int depth = 0;
            for (int j = k; j < end; j++) {
                Tok u = ts.get(j);
                if (u.kind() == Kind.LBRACE || u.is("(") || u.is("[")) depth++;
                else if (u.kind() == Kind.RBRACE || u.is(")") || u.is("]")) {
                    if (--depth == 0) {
                        if (!u.is(close)) break;
                        return new int[] {k + 1, j, j + 1};
                    }
                }
            }
            throw new Written.Unreadable("`" + t.text() + "` is not closed", t.offset());
        }
        throw new Written.Unreadable(missing, t.offset());
    }

    /**
     * The token after a transpose superscript at {@code k} (the {@code ^}): {@code ^\top}, {@code ^T},
     * {@code ^\intercal}, {@code ^{\mathsf T}}, {@code ^{\mathsf{T}}}, {@code ^\mathsf{T}}, {@code ^{\rm T}}; or -1.
     * A single {@code T} is read as a transpose, as textbooks write it, never as a layer index.
     */
    static int transposeEnd(List<Tok> ts, int k, int end) {
        if (k + 1 >= end || !ts.get(k).is("^")) return -1;
        int s = k + 1, e;
        Tok t = ts.get(s);
        if (t.kind() == Kind.LBRACE) {
            e = Tex.closing(ts, s);
            if (e < 0 || e >= end) return -1;
            s++;
        } else if (STYLES.contains(t.text()) && s + 1 < end) {
            e = ts.get(s + 1).kind() == Kind.LBRACE ? Tex.closing(ts, s + 1) + 1 : s + 2;
            if (e <= 0 || e > end) return -1;
            return text(ts, s, e) ? e : -1;
        } else {
            e = s + 1;
            return text(ts, s, e) ? e : -1;
        }
        return text(ts, s, e) ? e + 1 : -1;
    }

    private static boolean text(List<Tok> ts, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int j = from; j < to; j++) {
            Tok u = ts.get(j);
            if (u.kind() == Kind.LBRACE || u.kind() == Kind.RBRACE || STYLES.contains(u.text())) continue;
            sb.append(u.text());
        }
        String x = sb.toString();
        return x.equals("T") || x.equals("\\top") || x.equals("\\intercal");
    }

    /** An exponent {@code ^{T-i}} or {@code ^2} at {@code k}: {exponent as written}, next index; null when none. */
    static Object[] power(List<Tok> ts, int k, int end) {
        if (k + 1 >= end || !ts.get(k).is("^")) return null;
        int s = k + 1, e, next;
        if (ts.get(s).kind() == Kind.LBRACE) {
            e = Tex.closing(ts, s);
            if (e < 0 || e >= end) return null;
            next = e + 1;
            s++;
        } else {
            e = s + 1;
            next = e;
        }
        StringBuilder sb = new StringBuilder();
        for (int j = s; j < e; j++) {
            if (ts.get(j).kind() != Kind.CHAR) return null;
            sb.append(ts.get(j).text());
        }
        List<Linear> l = Names.Subscripts.parse(sb.toString(), ts.get(k).offset());
        if (l.size() != 1) return null;
        return new Object[] {l.get(0), next};
    }
}
