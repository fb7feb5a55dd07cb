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
    private static final Set<String> WRAPPERS = Names.WRAPPERS;
    private static final Set<String> FRACS = Set.of("\\frac", "\\dfrac", "\\tfrac");
    private static final Set<String> TIMES = Set.of("\\times", "\\cdot", "*");
    private static final Set<String> DOTS = Set.of("\\cdots", "\\dots", "\\ldots", "\\dotsm", "\\dotsb", "\\dotsc");
    static final Map<String, String> DECORATIONS = Names.DECORATIONS;

    private final List<Tok> ts;
    private final int end;
    private int i;

    /** Names the document defined as derivatives ({@code δ^l_j := ∂C/∂z^l_j}): a variable factor may be one. */
    private final Definitions defs;

    private ExprParser(List<Tok> ts, int from, int to, Definitions defs) {
        this.ts = ts;
        this.i = from;
        this.end = to;
        this.defs = defs;
    }

    /** The expression in tokens {@code from..to-1}. */
    static Written parse(List<Tok> ts, int from, int to) {
        return parse(ts, from, to, Definitions.NONE);
    }

    /** The expression in tokens {@code from..to-1}, with the document's defined names. */
    static Written parse(List<Tok> ts, int from, int to, Definitions defs) {
        ExprParser p = new ExprParser(ts, from, to, defs);
        if (from >= to) throw new Written.Unreadable("empty side", offsetAt(ts, from));
        tooDeep(ts, from, to);
        Written w = p.sum();
        if (p.i < to) {
            Tok t = ts.get(p.i);
            String s = t.text();
            if (t.isLetter() || t.kind() == Kind.CMD && s.length() > 2 && Character.isLetter(s.charAt(1))) {
                throw new Written.Unreadable("the explicit value `" + s + "` (not a derivative, 1, I or a whole"
                        + " number) is not read yet", t.offset());
            }
            throw new Written.Unreadable("unexpected `" + s + "`", t.offset());
        }
        return w;
    }

    /** Brackets nested deeper than this are refused: the parser recurses once per level (issue 13). */
    static final int MAX_DEPTH = 256;

    /** A loop over the tokens, before any recursion: {@code (}, {@code [}, {@code \left(} and {@code \{} alike. */
    private static void tooDeep(List<Tok> ts, int from, int to) {
        // A \sum or \prod takes the rest of its product as its body, parsed (and resolved) by recursion, so each
        // nests like a bracket that never closes: 20,000 of them in a row overflowed the stack (found by
        // src/bench/campaign.sh). They count towards the same limit, for the whole row.
        int depth = 0, bigs = 0;
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.is("\\sum") || t.is("\\prod")) {
                if (depth + ++bigs > MAX_DEPTH) {
                    throw new Written.Unreadable("`\\sum`, `\\prod` and brackets nested more than " + MAX_DEPTH
                            + " deep (gradpath's limit)", t.offset());
                }
            } else if (t.kind() == Kind.LBRACE || t.isChar('(') || t.isChar('[')) {
                if (++depth + bigs > MAX_DEPTH) {
                    throw new Written.Unreadable((bigs > 0 ? "`\\sum`, `\\prod` and brackets" : "brackets")
                            + " nested more than " + MAX_DEPTH + " deep (gradpath's limit)", t.offset());
                }
            } else if (t.kind() == Kind.RBRACE || t.isChar(')') || t.isChar(']')) {
                depth = Math.max(0, depth - 1);
            }
        }
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

    /** The Greek scalars a network names by letter (as dsl/Instantiator reads them); not theta, sigma, ... */
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
            "kappa", "lambda", "mu", "nu", "rho", "tau");

    /**
     * A bare Greek letter ({@code \\lambda}) is a scalar coefficient; with a subscript or superscript
     * ({@code \\delta_k^{l+1}}) it is a name, read elsewhere.
     */
    private boolean greekScalar() {
        Tok t = cur();
        if (t.kind() != Kind.CMD || !GREEK.contains(t.text().substring(1))) return false;
        boolean scripted = i + 1 < end && (ts.get(i + 1).is("_") || ts.get(i + 1).is("^"));
        return !scripted && !(!defs.isEmpty() && defined());
    }

    /** Whether {@code \\frac{12}{7}} (whole numbers above and below) starts at the cursor. */
    private boolean numericFraction() {
        int k = i + 1;
        for (int part = 0; part < 2; part++) {
            if (k >= end || ts.get(k).kind() != Kind.LBRACE) return false;
            int c = Tex.closing(ts, k);
            if (c < 0 || c >= end || c == k + 1) return false;
            for (int j = k + 1; j < c; j++) if (!ts.get(j).isDigit()) return false;
            k = c + 1;
        }
        return true;
    }

    private Written coefFraction() {
        Tok t = cur();
        i++;
        long[] nd = new long[2];
        for (int part = 0; part < 2; part++) {
            int[] g = group();
            long v = 0;
            for (int j = g[0]; j < g[1]; j++) {
                v = v * 10 + (ts.get(j).text().charAt(0) - '0');
                if (v > 1_000_000) throw new Written.Unreadable("number too large", t.offset());
            }
            nd[part] = v;
        }
        if (nd[1] == 0) throw new Written.Unreadable("a fraction with denominator 0", t.offset());
        noSuperscript();
        return new Written.Coef(nd[0], nd[1], "", t.offset());
    }

    private boolean startsFactor() {
        Tok t = cur();
        String s = t.text();
        return greekScalar() || FRACS.contains(s) || s.equals("\\left.") || s.equals("(") || s.equals("[") || t.kind() == Kind.LBRACE
                || t.isDigit() || s.equals("I") || WRAPPERS.contains(s) || s.equals("\\mathbb") || DOTS.contains(s)
                || s.equals("\\partial") || s.equals("\\nabla") || t.isChar('∂') || t.isChar('d') && dSlash() || s.equals("\\sum")
                || s.equals("\\prod") || isProd() || !defs.isEmpty() && defined();
    }

    private boolean defined() {
        try {
            return defs.lookup(var(ts, i, varEnd(ts, i, end, false))) != null;
        } catch (Written.Unreadable e) {
            return false;
        }
    }

    /** Whether d2l's {@code \\text{prod}(} starts at the cursor. */
    private boolean isProd() {
        return i + 4 < end && Mentions.UPRIGHT.contains(cur().text()) && ts.get(i + 1).kind() == Kind.LBRACE
                && ts.get(i + 2).is("p") && ts.get(i + 3).is("r") && ts.get(i + 4).is("o") && i + 7 < end
                && ts.get(i + 5).is("d") && ts.get(i + 6).kind() == Kind.RBRACE && ts.get(i + 7).is("(");
    }

    /** {@code \\text{prod}(A, B)}. */
    private Written prod() {
        Tok t = cur();
        i += 7;
        int close = matching(i, ")");
        int comma = -1, depth = 0;
        for (int k = i + 1; k < close; k++) {
            Tok u = ts.get(k);
            if (u.kind() == Kind.LBRACE || u.is("(") || u.is("[")) depth++;
            else if (u.kind() == Kind.RBRACE || u.is(")") || u.is("]")) depth--;
            else if (depth == 0 && u.is(",")) { comma = k; break; }
        }
        if (comma < 0) throw new Written.Unreadable("`\\text{prod}` needs two arguments", t.offset());
        Written a = parse(ts, i + 1, comma, defs), b = parse(ts, comma + 1, close, defs);
        i = close + 1;
        return new Written.Either(a, b, t.offset());
    }

    /**
     * {@code \\sum} and {@code \\prod} over a bound index: {@code _{t=1}^{T}}, {@code _{1 \\le k \\le t}},
     * {@code _{t \\ge i > k}}, {@code _t}. A sum runs over the rest of its product, a product over the next factor.
     */
    private Written big() {
        Written.Big b = bounds();
        if (i >= end) throw new Written.Unreadable("`" + (b.product() ? "\\prod" : "\\sum") + "` of nothing", b.offset());
        Written body = b.product() ? factor() : product();
        return new Written.Big(b.product(), b.symbol(), b.lo(), b.hi(), body, b.offset());
    }

    /** The operator and bounds of a sum or product at the cursor, its body still to read (null). */
    private Written.Big bounds() {
        Tok t = cur();
        boolean product = t.is("\\prod");
        i++;
        int[] sub = null, sup = null;
        for (int round = 0; round < 2 && i < end; round++) {
            if (at("_") && sub == null) { i++; sub = group(); }
            else if (at("^") && sup == null) { i++; sup = group(); }
        }
        if (sub == null) throw new Written.Unreadable("`" + t.text() + "` without its index", t.offset());
        String symbol = null;
        Linear lo = null, hi = null;
        List<int[]> items = new ArrayList<>();
        List<String> rels = new ArrayList<>();
        int from = sub[0];
        for (int k = sub[0]; k <= sub[1]; k++) {
            if (k == sub[1] || BOUND.contains(ts.get(k).text())) {
                items.add(new int[] {from, k});
                if (k < sub[1]) rels.add(ts.get(k).text());
                from = k + 1;
            }
        }
        if (rels.size() == 1 && rels.get(0).equals("=")) {
            symbol = name(items.get(0), t);
            lo = linear(items.get(1), t);
            if (sup != null) hi = linear(sup, t);
        } else if (rels.isEmpty()) {
            symbol = name(items.get(0), t);
            if (sup != null) throw new Written.Unreadable("`" + t.text() + "_" + symbol + "^...` has no lower bound", t.offset());
        } else if (rels.size() == 2 && sup == null) {
            // a < i <= b, or b >= i > a: the middle item is the index.
            symbol = name(items.get(1), t);
            boolean up = LESS.contains(rels.get(0)) && LESS.contains(rels.get(1));
            boolean down = !LESS.contains(rels.get(0)) && !LESS.contains(rels.get(1));
            if (!up && !down) throw new Written.Unreadable("cannot read the bounds of `" + t.text() + "`", t.offset());
            Linear a = linear(items.get(0), t), b = linear(items.get(2), t);
            String r0 = rels.get(0), r1 = rels.get(1);
            Linear one = Linear.constant(1, a.pos());
            if (up) {
                lo = r0.equals("<") ? a.plus(one, 1) : a;
                hi = r1.equals("<") ? b.plus(one, -1) : b;
            } else {
                hi = r0.equals(">") ? a.plus(one, -1) : a;
                lo = r1.equals(">") ? b.plus(one, 1) : b;
            }
        } else {
            throw new Written.Unreadable("cannot read the bounds of `" + t.text() + "`", t.offset());
        }
        return new Written.Big(product, symbol, lo, hi, null, t.offset());
    }

    private static final Set<String> BOUND = Set.of("=", "\\le", "\\leq", "<", "\\ge", "\\geq", ">", "\\leqslant", "\\geqslant");
    private static final Set<String> LESS = Set.of("\\le", "\\leq", "<", "\\leqslant");

    private String name(int[] g, Tok at) {
        if (g[1] - g[0] != 1 || !ts.get(g[0]).isLetter()) {
            throw new Written.Unreadable("the index of `" + at.text() + "` must be one letter", at.offset());
        }
        return ts.get(g[0]).text();
    }

    private Linear linear(int[] g, Tok at) {
        StringBuilder sb = new StringBuilder();
        for (int k = g[0]; k < g[1]; k++) {
            Tok u = ts.get(k);
            if (u.kind() == Kind.LBRACE || u.kind() == Kind.RBRACE) continue;
            if (u.kind() != Kind.CHAR) throw new Written.Unreadable("cannot read the bound `" + Tex.text(ts, g[0], g[1]) + "`", at.offset());
            sb.append(u.text());
        }
        List<Linear> l = Names.Subscripts.parse(sb.toString(), at.offset());
        if (l.size() != 1) throw new Written.Unreadable("cannot read the bound `" + sb + "`", at.offset());
        return l.get(0);
    }

    /** Whether a {@code d} at the cursor starts {@code dL/dw}. */
    private boolean dSlash() {
        for (int k = i + 1; k < Math.min(end, i + 8); k++) {
            if (ts.get(k).is("/")) return Mentions.dMark(ts, k + 1, end) >= 0;
            if (TIMES.contains(ts.get(k).text()) || ts.get(k).is("+") || ts.get(k).is("=")) return false;
        }
        return false;
    }

    private Written factor() {
        Tok t = cur();
        String s = t.text();
        if (!defs.isEmpty() && (t.isLetter() || t.kind() == Kind.CMD || t.kind() == Kind.LBRACE)) {
            int e = varEnd(ts, i, end, false);
            try {
                Written.Part d = defs.lookup(var(ts, i, e));
                if (d != null) {
                    i = e;
                    return d;
                }
            } catch (Written.Unreadable ignored) {
                // not a name: read on
            }
        }
        if (FRACS.contains(s) && numericFraction()) return coefFraction();
        // A bare Greek letter is a scalar; with a subscript or superscript, or defined by the document
        // (`\\delta_j^l := ...`), it is a name, read below.
        if (greekScalar()) {
            i++;
            noSuperscript();
            return new Written.Coef(1, 1, s.substring(1), t.offset());
        }
        if (FRACS.contains(s)) return frac(false);
        if (s.equals("\\sum") || s.equals("\\prod")) return big();
        if (isProd()) return prod();
        if (s.equals("\\partial") || s.equals("\\nabla") || Mentions.UPRIGHT.contains(s) || t.isChar('d') || t.isChar('∂')) {
            Written op = operator();
            if (op != null) return op;
        }
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
            Written w = parse(ts, i + 1, c, defs);
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
                throw new Written.Unreadable("the explicit value `" + s + " " + inner + "` (not a derivative, 1, I or a"
                        + " whole number) is not read yet", t.offset());
            }
            if (cur().kind() == Kind.LBRACE) i = Tex.closing(ts, i) + 1; else i++;
            return new Written.Num(1, t.offset());
        }
        if (DOTS.contains(s)) {
            i++;
            return new Written.Dots(t.offset());
        }
        if (t.isLetter() || t.kind() == Kind.CMD && s.length() > 2 && Character.isLetter(s.charAt(1))) {
            throw new Written.Unreadable("the explicit value `" + s + "` (not a derivative, 1, I or a whole number) is"
                    + " not read yet", t.offset());
        }
        throw new Written.Unreadable("unexpected `" + s + "`", t.offset());
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
        int[] mn = mark(num, t), md = mark(den, t);
        Written.Var b = var(ts, md[0], den[1]);
        if (mn[0] == num[1]) return applied(b, t);
        int call = callParen(ts, mn[0], num[1]);
        if (call >= 0) return call(mn[0], call, num[1], b, t.offset());
        Written.Var a = var(ts, mn[0], num[1]);
        if (!insideDirect) noSuperscript();
        return new Written.Part(a, b, mn[1] == 1, t.offset());
    }

    /**
     * The differential mark at the start of a group ({@code \partial}, {@code d}, {@code \mathrm d},
     * {@code \partial^+}): {index after it, 1 when it is Pascanu's immediate {@code \partial^+}}.
     */
    private int[] mark(int[] g, Tok frac) {
        int k = Mentions.dMark(ts, g[0], g[1]);
        if (k < 0) {
            throw new Written.Unreadable("a fraction that is not a derivative `\\frac{\\partial A}{\\partial B}`: `"
                    + Tex.text(ts, g[0], g[1]) + "`", frac.offset());
        }
        if (k < g[1] && ts.get(k).is("^")) {
            int[] sup = {k + 1, k + 2};
            if (k + 1 < g[1] && ts.get(k + 1).kind() == Kind.LBRACE) sup = new int[] {k + 2, Tex.closing(ts, k + 1)};
            String what = sup[1] > sup[0] ? Tex.text(ts, sup[0], sup[1]) : "";
            int after = ts.get(k + 1).kind() == Kind.LBRACE ? sup[1] + 1 : k + 2;
            if (what.equals("+")) return new int[] {after, 1};
            throw new Written.Unreadable("`\\partial^" + what + "`: higher derivatives are not chain-rule factors",
                    ts.get(k).offset());
        }
        return new int[] {k, 0};
    }

    /** {@code \frac{\partial}{\partial x}} applied to what follows: a variable, a call or a sum of them in parentheses. */
    private Written applied(Written.Var den, Tok at) {
        if (i >= end) throw new Written.Unreadable("`\\frac{\\partial}{\\partial " + den.display() + "}` applied to nothing", at.offset());
        if (at("\\sum")) {
            // ∂/∂x_l Σ_{i=l}^{L-1} F(x_i, W_i) (He et al. eq. 5): the sum of the derivatives of its terms.
            Written.Big b = bounds();
            Written body = applied(den, at);
            return new Written.Big(false, b.symbol(), b.lo(), b.hi(), body, b.offset());
        }
        if (at("(") || at("[") || at("\\left.")) {
            String close = at("[") ? "]" : ")";
            int open = i;
            int c = matching(open, close);
            List<Written> terms = new ArrayList<>();
            int from = open + 1;
            for (int k = open + 1; k <= c; k++) {
                if (k == c || ts.get(k).is("+") && depth(open + 1, k) == 0) {
                    terms.add(appliedTo(from, k, den, at));
                    from = k + 1;
                }
            }
            i = c + 1;
            return terms.size() == 1 ? terms.get(0) : new Written.Sum(terms, at.offset());
        }
        int e = varEnd(ts, i, end, true);
        Written w = appliedTo(i, e, den, at);
        i = e;
        return w;
    }

    private Written appliedTo(int from, int to, Written.Var den, Tok at) {
        int call = callParen(ts, from, to);
        if (call >= 0) return call(from, call, to, den, at.offset());
        return new Written.Part(var(ts, from, to), den, false, at.offset());
    }

    /** Index of the token closing the parenthesis at {@code open} within the side. */
    private int matching(int open, String close) {
        int depth = 0;
        for (int k = open; k < end; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) {
                if (--depth == 0) {
                    if (!t.is(close)) break;
                    return k;
                }
            }
        }
        throw new Written.Unreadable("`" + ts.get(open).text() + "` is not closed", ts.get(open).offset());
    }

    private int depth(int from, int to) {
        int d = 0;
        for (int k = from; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) d++;
            else if (t.kind() == Kind.RBRACE || t.is(")") || t.is("]")) d--;
        }
        return d;
    }

    /** The {@code (} of a function call {@code f(x, y)} filling {@code from..to-1}, or -1. */
    static int callParen(List<Tok> ts, int from, int to) {
        if (to - from < 3 || !ts.get(to - 1).is(")")) return -1;
        int depth = 0;
        for (int k = to - 1; k > from; k--) {
            Tok t = ts.get(k);
            if (t.is(")")) depth++;
            else if (t.is("(") && --depth == 0) return k;
        }
        return -1;
    }

    /** {@code f(x_t, h_{t-1}, w_h)} at {@code from..to-1} with its {@code (} at {@code paren}, differentiated by {@code den}. */
    private Written.Call call(int from, int paren, int to, Written.Var den, int offset) {
        Written.Var fn = var(ts, from, paren);
        List<Written.Var> args = new ArrayList<>();
        int start = paren + 1, depth = 0;
        for (int k = paren + 1; k < to; k++) {
            Tok t = ts.get(k);
            if (t.kind() == Kind.LBRACE || t.is("(") || t.is("[")) depth++;
            else if (t.kind() == Kind.RBRACE || t.is(")") && k < to - 1 || t.is("]")) depth--;
            if (depth == 0 && (t.is(",") || k == to - 1)) {
                if (k > start) args.add(var(ts, start, k));
                start = k + 1;
            }
        }
        return new Written.Call(fn, args, den, offset);
    }

    /**
     * End of a variable written at {@code from} in running math: wrapper or decoration, base (a brace group, a
     * command, one letter, or with {@code run} a run of letters), then subscripts, superscripts and a call.
     */
    static int varEnd(List<Tok> ts, int from, int to, boolean run) {
        int k = from;
        while (k < to && (WRAPPERS.contains(ts.get(k).text()) || DECORATIONS.containsKey(ts.get(k).text()))) k++;
        if (k >= to) return k;
        Tok t = ts.get(k);
        if (t.kind() == Kind.LBRACE) {
            k = Tex.closing(ts, k) + 1;
            if (k == 0) return to;
        } else if (t.isLetter()) {
            k++;
            while (run && k < to && ts.get(k).isLetter()) k++;
        } else {
            k++;
        }
        while (k + 1 < to && (ts.get(k).is("_") || ts.get(k).is("^"))) {
            k++;
            k = ts.get(k).kind() == Kind.LBRACE ? Tex.closing(ts, k) + 1 : k + 1;
            if (k == 0) return to;
        }
        if (k < to && ts.get(k).is("(")) {
            int depth = 0;
            for (int j = k; j < to; j++) {
                if (ts.get(j).is("(")) depth++;
                else if (ts.get(j).is(")") && --depth == 0) return j + 1;
            }
        }
        return k;
    }

    /**
     * Derivatives written as operators: {@code \partial L/\partial w}, {@code \partial_x y}, {@code \nabla_W L},
     * {@code \mathrm{d}L/\mathrm{d}w}. Null when the cursor is at none of them.
     */
    private Written operator() {
        Tok t = cur();
        if (t.is("\\nabla") || t.is("\\partial") && i + 1 < end && ts.get(i + 1).is("_")) {
            i++;
            if (!at("_")) throw new Written.Unreadable("`\\nabla` without the variable it is taken by (`\\nabla_W L`)", t.offset());
            i++;
            int[] g = group();
            Written.Var den = var(ts, g[0], g[1]);
            if (i >= end) throw new Written.Unreadable("`" + t.text() + "_{" + den.display() + "}` of nothing", t.offset());
            if (at("(") || at("[")) return applied(den, t);
            int e = varEnd(ts, i, end, false);
            Written w = appliedTo(i, e, den, t);
            i = e;
            return w;
        }
        int k = Mentions.dMark(ts, i, end);
        if (k < 0) return null;
        int slash = -1, depth = 0;
        for (int j = k; j < end; j++) {
            Tok u = ts.get(j);
            if (u.kind() == Kind.LBRACE || u.is("(") || u.is("[")) depth++;
            else if (u.kind() == Kind.RBRACE || u.is(")") || u.is("]")) depth--;
            else if (depth == 0 && u.is("/")) { slash = j; break; }
            else if (depth == 0 && (TIMES.contains(u.text()) || u.is("+") || u.is("-") || FRACS.contains(u.text()))) break;
        }
        if (slash < 0) {
            if (t.isChar('d')) return null;
            throw new Written.Unreadable("`" + t.text() + "` that is not part of a derivative `\\partial A/\\partial B`", t.offset());
        }
        int[] mn = mark(new int[] {i, slash}, t);
        int dk = Mentions.dMark(ts, slash + 1, end);
        if (dk < 0) throw new Written.Unreadable("the denominator of `" + Tex.text(ts, i, slash + 1) + "` is not `\\partial B`", t.offset());
        int[] md = mark(new int[] {slash + 1, end}, t);
        int e = varEnd(ts, md[0], end, false);
        Written.Var den = var(ts, md[0], e);
        Written w;
        if (mn[0] == slash) {
            i = e;
            return applied(den, t);
        }
        int call = callParen(ts, mn[0], slash);
        w = call >= 0 ? call(mn[0], call, slash, den, t.offset()) : new Written.Part(var(ts, mn[0], slash), den, mn[1] == 1, t.offset());
        i = e;
        return w;
    }

    /** A variable: see {@link Names#var}. */
    static Written.Var var(List<Tok> ts, int from, int to) { return Names.var(ts, from, to); }

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
}
