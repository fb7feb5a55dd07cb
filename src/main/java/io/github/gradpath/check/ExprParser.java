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
final class ExprParser extends DerivativeReader {
    private ExprParser(List<Tok> ts, int from, int to, Definitions defs) { super(ts, from, to, defs); }

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

    @Override
    Written sum() {
        int start = i < end ? cur().offset() : offsetAt(ts, i);
        List<Written> terms = new ArrayList<>();
        if (at("-") && i + 1 < end) {
            int off = cur().offset();
            i++;
            terms.add(negated(hadamard(), off));
        } else {
            terms.add(hadamard());
        }
        while (i < end) {
            if (at("+")) {
                i++;
                terms.add(hadamard());
            } else if (at("-")) {
                // `1 - t` inside diag(...), `W - \eta ...`: a negated term, judged with explicit values.
                int off = cur().offset();
                i++;
                terms.add(negated(hadamard(), off));
            } else {
                break;
            }
        }
        return terms.size() == 1 ? terms.get(0) : new Written.Sum(terms, start);
    }

    /**
     * {@code -t}. A chain without explicit values ({@code 1 - \frac{1}{2} ∂G/∂h}, {@code (-\frac{1}{2}) ∂h/∂W}) is
     * a chain times the number -1, judged as chains are (by the path polynomial, which also reads tensors such as
     * {@code ∂h/∂W}); with explicit values it is a negated matrix.
     */
    private static Written negated(Written t, int off) {
        if (Written.explicit(t)) return new Written.Neg(t, off);
        if (t instanceof Written.Coef c) return new Written.Coef(-c.numerator(), c.denominator(), c.symbol(), off);
        if (t instanceof Written.Num n) return new Written.Coef(-n.value(), 1, "", off);
        if (t instanceof Written.Prod p && p.factors().get(0) instanceof Written.Coef c) {
            List<Written> fs = new ArrayList<>(p.factors());
            fs.set(0, new Written.Coef(-c.numerator(), c.denominator(), c.symbol(), c.offset()));
            return new Written.Prod(fs, p.offset());
        }
        return new Written.Prod(List.of(new Written.Coef(-1, 1, "", off), t), off);
    }

    /** {@code a \odot b}: juxtaposition binds tighter ({@code (W^\top δ) \odot σ'(z)}, Nielsen's BP2). */
    Written hadamard() {
        int start = i < end ? cur().offset() : offsetAt(ts, i);
        List<Written> fs = new ArrayList<>();
        fs.add(product());
        while (i < end && (at("\\odot") || at("\\circ") || at("⊙"))) {
            i++;
            fs.add(product());
        }
        return fs.size() == 1 ? fs.get(0) : new Written.Had(fs, start);
    }

    /** A transpose or a power after a factor: {@code (...)^\top}, {@code (W^\top)^{T-i}}. */
    @Override
    Written postfix(Written w) {
        while (at("^")) {
            int te = Explicit.transposeEnd(ts, i, end);
            if (te >= 0) {
                w = new Written.Trans(w, cur().offset());
                i = te;
                continue;
            }
            Object[] pw = Explicit.power(ts, i, end);
            if (pw == null) break;
            w = new Written.Power(w, (Linear) pw[0], cur().offset());
            i = (Integer) pw[1];
        }
        noSuperscript();
        return w;
    }

    /** Whether tokens {@code from..to-1} are a name (a wrapper and letters), not an expression. */
    boolean namesValue(int from, int to) {
        return from < to && ExprParser.varEnd(ts, from, to, false) == to && !ts.get(from).is("\\partial")
                && !FRACS.contains(ts.get(from).text());
    }

    Written explicit() {
        Tok t = cur();
        Explicit.Result r = Explicit.at(ts, i, end, defs);
        if (r == null) throw new Written.Unreadable("unexpected `" + t.text() + "`", t.offset());
        i = r.next();
        return postfix(r.w());
    }

    @Override
    Written product() {
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
    static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
            "kappa", "lambda", "mu", "nu", "rho", "tau");

    /**
     * A bare Greek letter ({@code \\lambda}) is a scalar coefficient; with a subscript or superscript
     * ({@code \\delta_k^{l+1}}) it is a name, read elsewhere.
     */
    boolean greekScalar() {
        Tok t = cur();
        if (t.kind() != Kind.CMD || !GREEK.contains(t.text().substring(1))) return false;
        boolean scripted = i + 1 < end && (ts.get(i + 1).is("_") || ts.get(i + 1).is("^"));
        return !scripted && !(!defs.isEmpty() && defined());
    }

    @Override
    boolean startsFactor() {
        Tok t = cur();
        String s = t.text();
        return greekScalar() || FRACS.contains(s) || s.equals("\\left.") || s.equals("(") || s.equals("[") || t.kind() == Kind.LBRACE
                || t.isDigit() || s.equals("I") || WRAPPERS.contains(s) || s.equals("\\mathbb") || DOTS.contains(s)
                || s.equals("\\partial") || s.equals("\\nabla") || t.isChar('∂') || t.isChar('d') && dSlash() || s.equals("\\sum")
                || s.equals("\\prod") || isProd() || !defs.isEmpty() && defined() || Explicit.starts(ts, i, end);
    }

    boolean defined() {
        try {
            return defs.lookup(var(ts, i, varEnd(ts, i, end, false))) != null;
        } catch (Written.Unreadable e) {
            return false;
        }
    }

    @Override
    Written factor() {
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
        if (FRACS.contains(s) && indexFraction()) return ratio();
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
            return postfix(w);
        }
        if (t.kind() == Kind.LBRACE) {
            int c = Tex.closing(ts, i);
            if (c < 0 || c >= end) throw new Written.Unreadable("`{` is not closed", t.offset());
            // `{\bm w}_6`, `{\bm h}_1^\top`, `{\mathbf{W}^{(2)}}^\top`: a name with a braced base.
            if (c + 1 < end && (ts.get(c + 1).is("_") || ts.get(c + 1).is("'")
                    || ts.get(c + 1).is("^") && Explicit.transposeEnd(ts, c + 1, end) >= 0 && namesValue(i + 1, c))) {
                return explicit();
            }
            Written w = parse(ts, i + 1, c, defs);
            i = c + 1;
            return postfix(w);
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
            // `\mathbf{I}`, `\bm 1`: the identity; `\mathbf{0}`: a zero (block), as selectors write them.
            if (!inner.equals("I") && !inner.equals("1") && !inner.equals("0")) {
                i--;
                return explicit();
            }
            if (cur().kind() == Kind.LBRACE) i = Tex.closing(ts, i) + 1; else i++;
            return new Written.Num(inner.equals("0") ? 0 : 1, t.offset());
        }
        if (DOTS.contains(s)) {
            i++;
            return new Written.Dots(t.offset());
        }
        if (Explicit.starts(ts, i, end)) return explicit();
        throw new Written.Unreadable("unexpected `" + s + "`", t.offset());
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
}
