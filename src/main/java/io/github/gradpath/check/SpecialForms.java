package io.github.gradpath.check;

import io.github.gradpath.check.Tex.Kind;
import io.github.gradpath.check.Tex.Tok;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sums and products over an index ({@code \\sum_{t=1}^{T}}, {@code \\prod_{t \\ge i > k}}), d2l's {@code \\text{prod}}, numeric and index fractions. */
abstract class SpecialForms extends TokenCursor {
    SpecialForms(List<Tok> ts, int from, int to, Definitions defs) { super(ts, from, to, defs); }

    /** Whether {@code \\frac{12}{7}} (whole numbers above and below) starts at the cursor. */
    boolean numericFraction() {
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

    Written coefFraction() {
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

    /** Whether d2l's {@code \\text{prod}(} starts at the cursor. */
    boolean isProd() {
        return i + 4 < end && Mentions.UPRIGHT.contains(cur().text()) && ts.get(i + 1).kind() == Kind.LBRACE
                && ts.get(i + 2).is("p") && ts.get(i + 3).is("r") && ts.get(i + 4).is("o") && i + 7 < end
                && ts.get(i + 5).is("d") && ts.get(i + 6).kind() == Kind.RBRACE && ts.get(i + 7).is("(");
    }

    /** {@code \\text{prod}(A, B)}. */
    Written prod() {
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
        Written a = ExprParser.parse(ts, i + 1, comma, defs), b = ExprParser.parse(ts, comma + 1, close, defs);
        i = close + 1;
        return new Written.Either(a, b, t.offset());
    }

    /**
     * {@code \\sum} and {@code \\prod} over a bound index: {@code _{t=1}^{T}}, {@code _{1 \\le k \\le t}},
     * {@code _{t \\ge i > k}}, {@code _t}. A sum runs over the rest of its product, a product over the next factor
     * and the factors after it that use its index, or, when it opens a bracket, over the rest of the bracket.
     */
    Written big() {
        // `(\prod_j diag(a'(z_j)) W)^\top`: a product that opens a bracket takes the bracket's whole product as its body.
        boolean opens = i > 0 && (ts.get(i - 1).is("(") || ts.get(i - 1).is("["));
        Written.Big b = bounds();
        if (i >= end) throw new Written.Unreadable("`" + (b.product() ? "\\prod" : "\\sum") + "` of nothing", b.offset());
        Written body = b.product() ? factor() : product();
        if (b.product()) {
            // Π W^\top diag(σ'(x_{i-1})): the factors after the first that still use the index are the body too.
            List<Written> fs = new ArrayList<>(List.of(body));
            boolean open = false;
            while (i < end && (startsFactor() || opens && TIMES.contains(cur().text()) && i + 1 < end)) {
                int save = i;
                if (TIMES.contains(cur().text())) i++;
                Written next = factor();
                if (!opens && !Written.mentions(next, b.symbol())) { i = save; open = true; break; }
                fs.add(next);
            }
            if (fs.size() > 1) body = new Written.Prod(fs, b.offset());
            return new Written.Big(true, b.symbol(), b.lo(), b.hi(), body, b.offset(), open);
        }
        return new Written.Big(b.product(), b.symbol(), b.lo(), b.hi(), body, b.offset());
    }

    /** The operator and bounds of a sum or product at the cursor, its body still to read (null). */
    Written.Big bounds() {
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

    static final Set<String> BOUND = Set.of("=", "\\le", "\\leq", "<", "\\ge", "\\geq", ">", "\\leqslant", "\\geqslant");
    static final Set<String> LESS = Set.of("\\le", "\\leq", "<", "\\leqslant");

    String name(int[] g, Tok at) {
        if (g[1] - g[0] != 1 || !ts.get(g[0]).isLetter()) {
            throw new Written.Unreadable("the index of `" + at.text() + "` must be one letter", at.offset());
        }
        return ts.get(g[0]).text();
    }

    Linear linear(int[] g, Tok at) {
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

    /** Whether {@code \\frac{1}{T}} (index expressions above and below, no differential) starts at the cursor. */
    boolean indexFraction() {
        int k = i + 1;
        for (int part = 0; part < 2; part++) {
            if (k >= end || ts.get(k).kind() != Kind.LBRACE) return false;
            int c = Tex.closing(ts, k);
            if (c < 0 || c >= end || c == k + 1 || Mentions.dMark(ts, k + 1, c) >= 0) return false;
            for (int j = k + 1; j < c; j++) {
                Tok u = ts.get(j);
                if (u.kind() != Kind.CHAR || !(u.isLetter() || u.isDigit() || u.is("+") || u.is("-"))) return false;
            }
            k = c + 1;
        }
        return true;
    }

    Written ratio() {
        Tok t = cur();
        i++;
        Linear[] nd = new Linear[2];
        for (int part = 0; part < 2; part++) {
            int[] g = group();
            List<Linear> l = Names.Subscripts.parse(Tex.text(ts, g[0], g[1]), t.offset());
            if (l.size() != 1) throw new Written.Unreadable("cannot read the fraction `" + Tex.text(ts, g[0], g[1]) + "`", t.offset());
            nd[part] = l.get(0);
        }
        noSuperscript();
        return new Written.Ratio(nd[0], nd[1], t.offset());
    }
}
