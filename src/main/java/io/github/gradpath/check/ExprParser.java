package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one side of a row ({@code \frac{\partial L}{\partial {\bm y}}\times ...}) into {@link Written}. Bold
 * wrappers and brace styles are notation only; anything else it does not know is {@link Written.Unreadable}.
 * Recursion follows parentheses in one written expression, never the network; products and sums are loops.
 */
final class ExprParser {
    private static final Set<String> WRAPPERS = Set.of("\\bm", "\\mathbf", "\\boldsymbol", "\\vec", "\\mathrm",
            "\\mathit", "\\mathcal", "\\mathsf", "\\bf", "\\pmb", "\\mathbfit", "\\bold", "\\vb");
    private static final Set<String> FRACS = Set.of("\\frac", "\\dfrac", "\\tfrac");
    private static final Set<String> TIMES = Set.of("\\times", "\\cdot", "*");
    private static final Set<String> BIG = Set.of("\\sum", "\\prod");
    private static final Set<String> DOTS = Set.of("\\cdots", "\\dots", "\\ldots", "\\dotsm", "\\dotsb", "\\dotsc");

    private final List<Tok> ts;
    private final int end;
    private int i;

    private ExprParser(List<Tok> ts, int from, int to) {
        this.ts = ts;
        this.i = from;
        this.end = to;
    }

    /** The expression in tokens {@code from..to-1}. */
    static Written parse(List<Tok> ts, int from, int to) {
        ExprParser p = new ExprParser(ts, from, to);
        if (from >= to) throw new Written.Unreadable("empty side", offsetAt(ts, from));
        Written w = p.sum();
        if (p.i < to) throw new Written.Unreadable("unexpected `" + ts.get(p.i).text() + "`", ts.get(p.i).offset());
        return w;
    }

    private static int offsetAt(List<Tok> ts, int i) {
        if (ts.isEmpty()) return 0;
        return ts.get(Math.min(i, ts.size() - 1)).offset();
    }

    private boolean at(String s) { return i < end && ts.get(i).is(s); }

    private Tok cur() { return ts.get(i); }

    private Written sum() {
        int start = i < end ? cur().offset() : offsetAt(ts, i);
        List<Written> terms = new ArrayList<>();
        terms.add(product());
        while (i < end) {
            if (at("+")) {
                i++;
                terms.add(product());
            } else if (at("-")) {
                throw new Written.Unreadable("subtraction is not a chain-rule form", cur().offset());
            } else {
                break;
            }
        }
        return terms.size() == 1 ? terms.get(0) : new Written.Sum(terms, start);
    }

    private Written product() {
        if (i >= end) throw new Written.Unreadable("a term is missing", offsetAt(ts, i));
        int start = cur().offset();
        List<Written> fs = new ArrayList<>();
        fs.add(factor());
        while (i < end) {
            if (TIMES.contains(cur().text())) {
                i++;
                if (i >= end) throw new Written.Unreadable("`\\times` with nothing after it", offsetAt(ts, i));
                fs.add(factor());
            } else if (startsFactor()) {
                fs.add(factor());
            } else {
                break;
            }
        }
        return fs.size() == 1 ? fs.get(0) : new Written.Prod(fs, start);
    }

    private boolean startsFactor() {
        Tok t = cur();
        String s = t.text();
        return FRACS.contains(s) || s.equals("\\left.") || s.equals("(") || s.equals("[") || t.kind() == Kind.LBRACE
                || t.isDigit() || s.equals("I") || WRAPPERS.contains(s) || s.equals("\\mathbb") || DOTS.contains(s)
                || BIG.contains(s);
    }

    private Written factor() {
        Tok t = cur();
        String s = t.text();
        if (FRACS.contains(s)) return frac(false);
        if (BIG.contains(s)) return big(s.equals("\\prod"));
        if (s.equals("\\left.")) {
            i++;
            if (i >= end || !FRACS.contains(cur().text())) {
                throw new Written.Unreadable("`\\left.` must open a derivative evaluated `\\right|_{\\mathrm{direct}}`",
                        t.offset());
            }
            Written.Part p = (Written.Part) frac(true);
            if (!at("\\right|")) throw new Written.Unreadable("`\\left.` without `\\right|`", t.offset());
            i++;
            if (!at("_")) throw new Written.Unreadable("`\\right|` without a subscript", t.offset());
            i++;
            int[] g = group();
            String what = Tex.text(ts, g[0], g[1]);
            if (!what.contains("direct")) {
                throw new Written.Unreadable("`\\right|_{" + what + "}`: only `_{\\mathrm{direct}}` is understood",
                        t.offset());
            }
            return new Written.Part(p.num(), p.den(), true, p.offset());
        }
        if (s.equals("(") || s.equals("[")) {
            String close = s.equals("(") ? ")" : "]";
            i++;
            Written w = sum();
            if (!at(close)) throw new Written.Unreadable("`" + s + "` is not closed", t.offset());
            i++;
            noSuperscript();
            return w;
        }
        if (t.kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= end) throw new Written.Unreadable("`{` is not closed", t.offset());
            Written w = parse(ts, i + 1, c);
            i = c + 1;
            noSuperscript();
            return w;
        }
        if (t.isDigit()) {
            long v = 0;
            while (i < end && cur().isDigit()) {
                v = v * 10 + (cur().text().charAt(0) - '0');
                if (v > 1_000_000) throw new Written.Unreadable("number too large", t.offset());
                i++;
            }
            noSuperscript();
            return new Written.Num(v, t.offset());
        }
        if (s.equals("I")) {
            i++;
            noSuperscript();
            return new Written.Num(1, t.offset());
        }
        if (WRAPPERS.contains(s) || s.equals("\\mathbb")) {
            i++;
            String inner = i < end && cur().kind() == Kind.LBRACE ? Tex.text(ts, i + 1, Math.max(i + 1, Tex.closing(ts, i)))
                    : i < end ? cur().text() : "";
            if (!inner.equals("I") && !inner.equals("1")) {
                throw new Written.Unreadable("`" + s + " " + inner + "` outside a derivative", t.offset());
            }
            if (cur().kind() == Kind.LBRACE) i = Tex.closing(ts, i) + 1; else i++;
            return new Written.Num(1, t.offset());
        }
        if (DOTS.contains(s)) {
            i++;
            return new Written.Dots(t.offset());
        }
        throw new Written.Unreadable("unexpected `" + s + "`", t.offset());
    }

    /**
     * {@code \sum_{t=1}^{T} ...} and {@code \prod_{j=i+1}^{t} ...}. The sum's summand runs to the end of the term
     * it starts (up to a {@code +} at this level or a closing bracket); the product's body is the one factor after
     * it (bracket a longer one).
     */
    private Written big(boolean product) {
        Tok t = cur();
        i++;
        if (at("\\limits")) i++;
        if (!at("_")) throw new Written.Unreadable("`" + t.text() + "` without a lower bound `_{t=1}`", t.offset());
        i++;
        String lower = chars(group(), t);
        int eq = lower.indexOf('=');
        if (eq <= 0 || !lower.substring(0, eq).matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new Written.Unreadable("`" + t.text() + "_{" + lower + "}`: the lower bound must name the index, "
                    + "as in `_{t=1}`", t.offset());
        }
        String index = lower.substring(0, eq);
        Linear from = Subscripts.parse(lower.substring(eq + 1), t.offset()).get(0);
        if (!at("^")) throw new Written.Unreadable("`" + t.text() + "` without an upper bound `^{T}`", t.offset());
        i++;
        List<Linear> up = Subscripts.parse(chars(group(), t), t.offset());
        if (up.size() != 1) throw new Written.Unreadable("`" + t.text() + "` with more than one upper bound", t.offset());
        if (i >= end) throw new Written.Unreadable("`" + t.text() + "` with nothing to " + (product ? "multiply" : "sum"),
                t.offset());
        Written body = product ? factor() : product();
        return new Written.Big(product, index, from, up.get(0), body, t.offset());
    }

    /** The plain characters of a bound. */
    private String chars(int[] g, Tok at) {
        StringBuilder sb = new StringBuilder();
        for (int k = g[0]; k < g[1]; k++) {
            Tok x = ts.get(k);
            if (x.kind() == Kind.LBRACE || x.kind() == Kind.RBRACE) continue;
            if (x.kind() != Kind.CHAR) {
                throw new Written.Unreadable("cannot read the bound `" + Tex.text(ts, g[0], g[1]) + "`", at.offset());
            }
            sb.append(x.text());
        }
        return sb.toString();
    }

    private void noSuperscript() {
        if (at("^") || at("'")) {
            throw new Written.Unreadable("superscripts (transposes, powers, primes) are not chain-rule factors",
                    cur().offset());
        }
    }

    /** Bounds {@code [from, to)} of a brace group or single token at the cursor; moves past it. */
    private int[] group() {
        if (i >= end) throw new Written.Unreadable("something is missing here", offsetAt(ts, i));
        if (cur().kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= end) throw new Written.Unreadable("`{` is not closed", cur().offset());
            int[] g = {i + 1, c};
            i = c + 1;
            return g;
        }
        int[] g = {i, i + 1};
        i++;
        return g;
    }

    private Written frac(boolean insideDirect) {
        Tok t = cur();
        i++;
        int[] num = group();
        int[] den = group();
        Written.Var a = partialVar(num, t);
        Written.Var b = partialVar(den, t);
        if (!insideDirect) noSuperscript();
        return new Written.Part(a, b, false, t.offset());
    }

    private Written.Var partialVar(int[] g, Tok frac) {
        if (g[0] >= g[1] || !ts.get(g[0]).is("\\partial")) {
            throw new Written.Unreadable("a fraction that is not a derivative `\\frac{\\partial A}{\\partial B}`: `"
                    + Tex.text(ts, g[0], g[1]) + "`", frac.offset());
        }
        return var(ts, g[0] + 1, g[1]);
    }

    /** A variable: optional bold wrapper, a base, an optional subscript; {@code {\bm h}_q}, {@code \bm{h}_{q}}. */
    static Written.Var var(List<Tok> ts, int from, int to) {
        int off = from < to ? ts.get(from).offset() : offsetAt(ts, from);
        String[] base = {null};
        int[] sub = null;
        int i = from;
        if (i < to && ts.get(i).kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= to) throw new Written.Unreadable("`{` is not closed", off);
            int[] inner = core(ts, i + 1, c, base);
            sub = inner;
            i = c + 1;
        } else {
            int[] inner = core(ts, i, to, base);
            sub = inner;
            i = inner[2];
        }
        if (i < to && ts.get(i).is("_")) {
            if (sub != null && sub[0] >= 0) throw new Written.Unreadable("two subscripts", ts.get(i).offset());
            i++;
            if (i >= to) throw new Written.Unreadable("`_` without a subscript", off);
            if (ts.get(i).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i);
                if (c < 0 || c >= to) throw new Written.Unreadable("`{` is not closed", off);
                sub = new int[] {i + 1, c, c + 1};
                i = c + 1;
            } else {
                sub = new int[] {i, i + 1, i + 1};
                i++;
            }
        }
        if (i < to) {
            Tok t = ts.get(i);
            if (t.is("^")) throw new Written.Unreadable("superscripts on variables are not understood", t.offset());
            throw new Written.Unreadable("cannot read the variable `" + Tex.text(ts, from, to) + "`", off);
        }
        if (sub == null || sub[0] < 0) return new Written.Var(base[0], List.of(), "", off);
        return subscript(base[0], ts, sub[0], sub[1], off);
    }

    /**
     * Wrapper and base at {@code from}, and a subscript right after the base if any. Returns {subFrom, subTo,
     * next}, subFrom = -1 without a subscript.
     */
    private static int[] core(List<Tok> ts, int from, int to, String[] base) {
        int i = from;
        int off = from < to ? ts.get(from).offset() : 0;
        if (i < to && WRAPPERS.contains(ts.get(i).text())) i++;
        if (i >= to) throw new Written.Unreadable("a variable is missing", off);
        if (ts.get(i).kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c > to) throw new Written.Unreadable("`{` is not closed", off);
            int[] inner = core(ts, i + 1, c, base);
            if (inner[2] != c) throw new Written.Unreadable("cannot read `" + Tex.text(ts, i, c + 1) + "`", off);
            return new int[] {inner[0], inner[1], c + 1};
        }
        Tok t = ts.get(i);
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
        if (i < to && ts.get(i).is("_")) {
            i++;
            if (i >= to) throw new Written.Unreadable("`_` without a subscript", off);
            if (ts.get(i).kind() == Kind.LBRACE) {
                int c = Tex.closing(ts, i);
                if (c < 0 || c > to) throw new Written.Unreadable("`{` is not closed", off);
                return new int[] {i + 1, c, c + 1};
            }
            return new int[] {i, i + 1, i + 1};
        }
        return new int[] {-1, -1, i};
    }

    private static Written.Var subscript(String base, List<Tok> ts, int from, int to, int off) {
        StringBuilder text = new StringBuilder();
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.kind() == Kind.RBRACE) continue;
            if (t.kind() != Kind.CHAR) {
                throw new Written.Unreadable("cannot read the subscript `" + Tex.text(ts, from, to) + "`", t.offset());
            }
            text.append(t.text());
        }
        String s = text.toString();
        return new Written.Var(base, Subscripts.parse(s, off), s, off);
    }

    /** Top-level token index of each {@code =} (braces, parentheses and brackets nest). */
    static List<Integer> equalsSigns(List<Tok> ts, int from, int to) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) depth--;
            else if (depth == 0 && t.is("=")) out.add(k);
        }
        return out;
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
