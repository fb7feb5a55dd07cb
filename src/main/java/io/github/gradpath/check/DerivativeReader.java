package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Derivatives as written: {@code \\frac{\\partial A}{\\partial B}}, {@code \\partial_x y}, {@code \\nabla_W L}, calls, {@code \\frac{\\partial}{\\partial x}(...)}. */
abstract class DerivativeReader extends SpecialForms {
    DerivativeReader(List<Tok> ts, int from, int to, Definitions defs) { super(ts, from, to, defs); }

    /** Whether a {@code d} at the cursor starts {@code dL/dw}. */
    boolean dSlash() {
        for (int k = i + 1; k < Math.min(end, i + 8); k++) {
            if (ts.get(k).is("/")) return Mentions.dMark(ts, k + 1, end) >= 0;
            if (TIMES.contains(ts.get(k).text()) || ts.get(k).is("+") || ts.get(k).is("=")) return false;
        }
        return false;
    }

    Written frac(boolean insideDirect) {
        Tok t = cur();
        i++;
        int[] num = group();
        int[] den = group();
        // d2l's ∂ℓ(o_t, y_t)/(T · ∂o_t): a coefficient written in the denominator, before the differential.
        Written.Ratio coef = null;
        if (!insideDirect && Mentions.dMark(ts, den[0], den[1]) < 0) {
            int p = den[0];
            while (p < den[1] && Mentions.dMark(ts, p, den[1]) < 0) p++;
            int q = p;
            while (q > den[0] && TIMES.contains(ts.get(q - 1).text())) q--;
            if (p < den[1] && q > den[0]) {
                StringBuilder sb = new StringBuilder();
                for (int j = den[0]; j < q; j++) {
                    Tok u = ts.get(j);
                    if (u.kind() != Kind.CHAR || !(u.isLetter() || u.isDigit() || u.is("+") || u.is("-"))) { sb = null; break; }
                    sb.append(u.text());
                }
                if (sb != null) {
                    List<Linear> l = Names.Subscripts.parse(sb.toString(), t.offset());
                    if (l.size() == 1) {
                        coef = new Written.Ratio(Linear.constant(1, l.get(0).pos()), l.get(0), t.offset());
                        den = new int[] {p, den[1]};
                    }
                }
            }
        }
        if (coef != null) {
            Written rest = derivative(t, num, den, false);
            return new Written.Prod(List.of(coef, rest), t.offset());
        }
        return derivative(t, num, den, insideDirect);
    }

    Written derivative(Tok t, int[] num, int[] den, boolean insideDirect) {
        int[] mn = mark(num, t), md = mark(den, t);
        Written.Var b = var(ts, md[0], den[1]);
        if (mn[0] == num[1]) return applied(b, t);
        int call = callParen(ts, mn[0], num[1]);
        if (call >= 0) return call(mn[0], call, num[1], b, t.offset());
        Written.Var a = var(ts, mn[0], num[1]);
        Written.Part part = new Written.Part(a, b, mn[1] == 1, t.offset());
        return insideDirect ? part : postfix(part);
    }

    /**
     * The differential mark at the start of a group ({@code \partial}, {@code d}, {@code \mathrm d},
     * {@code \partial^+}): {index after it, 1 when it is Pascanu's immediate {@code \partial^+}}.
     */
    int[] mark(int[] g, Tok frac) {
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
    Written applied(Written.Var den, Tok at) {
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

    Written appliedTo(int from, int to, Written.Var den, Tok at) {
        int call = callParen(ts, from, to);
        if (call >= 0) return call(from, call, to, den, at.offset());
        return new Written.Part(var(ts, from, to), den, false, at.offset());
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
    Written.Call call(int from, int paren, int to, Written.Var den, int offset) {
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
        int base = k;
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
        // δ is a value, never a function: `\delta^l (a^{l-1})^T` is a product (Nielsen's BP4).
        boolean delta = false;
        for (int j = base; j < k; j++) delta |= ts.get(j).is("\\delta");
        if (k < to && ts.get(k).is("(") && !delta) {
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
    Written operator() {
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
}
