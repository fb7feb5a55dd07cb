package io.github.gradpath.check;

import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says why a side that the evaluator found wrong is wrong, in the words a person fixes it with: a zero factor,
 * two factors in the wrong order, a missing or extra factor, a broken chain, or the paths it misses. Each
 * candidate repair is confirmed by evaluating it, so a message never claims a fix that does not fix the row.
 */
final class Explainer {
    private static final int MAX_EXPANSION = 2_000;
    private static final int MAX_SWAP_FACTORS = 40;

    private final Networks.Instance inst;
    private final Regions regions;
    private final Evaluator eval;
    private final ComputationGraph g;

    Explainer(Networks.Instance inst, Regions regions, Evaluator eval) {
        this.inst = inst;
        this.regions = regions;
        this.eval = eval;
        this.g = inst.graph();
    }

    String explain(int a, int b, String lhs, Resolved rhs, long[] truth) {
        if (a != b && !regions.reaches(a, b)) {
            return lhs + " is zero: " + inst.name(b) + " does not feed " + inst.name(a) + ", but the right side is not";
        }
        Resolved.Total zero = firstZero(rhs);
        if (zero != null) {
            return (zero.no() > 0 ? "factor " + zero.no() + ", " : "") + zero.text() + ", is zero: " + inst.name(zero.b())
                    + " does not feed " + inst.name(zero.a());
        }
        List<Resolved> fs = flatProduct(rhs);
        if (fs != null) {
            String m = product(a, b, lhs, fs, truth);
            if (m != null) return m;
        }
        String m = expanded(a, b, lhs, rhs);
        if (m != null) return m;
        return "the right side is not " + lhs + ": it differs from the sum over its " + regions.count(a, b)
                + " paths (found by random evaluation)";
    }

    private Resolved.Total firstZero(Resolved r) {
        if (r instanceof Resolved.Total t) return t.a() != t.b() && !regions.reaches(t.a(), t.b()) ? t : null;
        List<Resolved> kids = r instanceof Resolved.Prod p ? p.factors() : r instanceof Resolved.Sum s ? s.terms() : List.of();
        for (Resolved k : kids) {
            Resolved.Total z = firstZero(k);
            if (z != null) return z;
        }
        return null;
    }

    /** The factors of a product of derivatives and runs (identities dropped), or null for anything else. */
    private static List<Resolved> flatProduct(Resolved r) {
        List<Resolved> in = r instanceof Resolved.Prod p ? p.factors() : List.of(r);
        List<Resolved> out = new ArrayList<>();
        for (Resolved f : in) {
            if (f instanceof Resolved.Num n && n.value() == 1) continue;
            if (f instanceof Resolved.Total || f instanceof Resolved.Direct || f instanceof Resolved.Chain) out.add(f);
            else return null;
        }
        return out.isEmpty() ? null : out;
    }

    private boolean fixes(List<Resolved> fs, long[] truth) {
        return Arrays.equals(eval.value(new Resolved.Prod(fs)), truth);
    }

    private String product(int a, int b, String lhs, List<Resolved> fs, long[] truth) {
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) if (no(fs.get(i)) > 0) written.add(i);
        if (written.size() <= MAX_SWAP_FACTORS) {
            for (int x = 0; x < written.size(); x++) {
                for (int y = x + 1; y < written.size(); y++) {
                    List<Resolved> t = new ArrayList<>(fs);
                    int i = written.get(x), j = written.get(y);
                    t.set(i, fs.get(j));
                    t.set(j, fs.get(i));
                    if (fixes(t, truth)) {
                        return "factor " + no(fs.get(i)) + " and " + no(fs.get(j)) + " are in the wrong order ("
                                + text(fs.get(i)) + " must come after " + text(fs.get(j)) + ")";
                    }
                }
            }
            for (int i : written) {
                List<Resolved> t = new ArrayList<>(fs);
                t.remove(i);
                if (!t.isEmpty() && fixes(t, truth)) {
                    return "factor " + no(fs.get(i)) + ", " + text(fs.get(i)) + ", is extra: without it the row is right";
                }
            }
        }
        int top = top(fs.get(0));
        if (!regions.identityJoined(a, top)) {
            return gap(fs, 0, a, top, truth, "at the start", "the product starts at " + inst.name(top)
                    + ", but " + lhs + " starts at " + inst.name(a));
        }
        for (int i = 0; i + 1 < fs.size(); i++) {
            int bot = bottom(fs.get(i)), next = top(fs.get(i + 1));
            if (regions.identityJoined(bot, next)) continue;
            String where = "between factor " + before(fs, i) + " and " + after(fs, i + 1);
            String broken = fs.get(i + 1) instanceof Resolved.Chain
                    ? "the chain breaks " + where
                    : "factor " + no(fs.get(i + 1)) + ", " + text(fs.get(i + 1)) + ", does not continue the chain, which"
                    + " has reached " + inst.name(bot);
            if (no(fs.get(i + 1)) == 0) broken = "the chain breaks " + where + ": it has reached " + inst.name(bot);
            return gap(fs, i + 1, bot, next, truth, where, broken);
        }
        int bot = bottom(fs.get(fs.size() - 1));
        if (!regions.identityJoined(bot, b)) {
            return gap(fs, fs.size(), bot, b, truth, "at the end", "the product ends at " + inst.name(bot) + ", but "
                    + lhs + " ends at " + inst.name(b));
        }
        BigInteger total = regions.count(a, b);
        BigInteger covered = BigInteger.ONE;
        for (Resolved f : fs) covered = covered.multiply(f instanceof Resolved.Total t ? regions.count(t.a(), t.b()) : BigInteger.ONE);
        if (covered.compareTo(total) >= 0) return null;
        Set<Long> used = edgesOf(fs);
        regions.identityEdges(a, top(fs.get(0)), used);
        for (int i = 0; i + 1 < fs.size(); i++) regions.identityEdges(bottom(fs.get(i)), top(fs.get(i + 1)), used);
        regions.identityEdges(bottom(fs.get(fs.size() - 1)), b, used);
        return lhs + " misses " + total.subtract(covered) + " of " + total + " paths: " + missing(a, b, used);
    }

    /** A junction that does not meet: confirmed missing factor, or the plain break. */
    private String gap(List<Resolved> fs, int at, int from, int to, long[] truth, String where, String broken) {
        if (regions.reaches(from, to)) {
            List<Resolved> t = new ArrayList<>(fs);
            t.add(at, new Resolved.Total(from, to, "", 0));
            if (fixes(t, truth)) return "misses the factor ∂" + inst.name(from) + "/∂" + inst.name(to) + " " + where;
        }
        return broken;
    }

    private String before(List<Resolved> fs, int i) {
        for (int k = i; k >= 0; k--) if (no(fs.get(k)) > 0) return Integer.toString(no(fs.get(k)));
        return "0";
    }

    private String after(List<Resolved> fs, int i) {
        for (int k = i; k < fs.size(); k++) if (no(fs.get(k)) > 0) return Integer.toString(no(fs.get(k)));
        return "the end";
    }

    private static int no(Resolved r) {
        if (r instanceof Resolved.Total t) return t.no();
        if (r instanceof Resolved.Direct d) return d.no();
        return 0;
    }

    private String text(Resolved r) {
        if (r instanceof Resolved.Total t) return t.text();
        if (r instanceof Resolved.Direct d) return d.text() + "|direct";
        return "the run " + inst.name(top(r)) + " ← ⋯ ← " + inst.name(bottom(r));
    }

    private static int top(Resolved r) {
        if (r instanceof Resolved.Total t) return t.a();
        if (r instanceof Resolved.Direct d) return d.a();
        return ((Resolved.Chain) r).path()[0];
    }

    private static int bottom(Resolved r) {
        if (r instanceof Resolved.Total t) return t.b();
        if (r instanceof Resolved.Direct d) return d.b();
        int[] p = ((Resolved.Chain) r).path();
        return p[p.length - 1];
    }

    private static long key(int u, int v) { return ((long) u << 32) | (v & 0xffffffffL); }

    /** Every edge some written factor can use. */
    private Set<Long> edgesOf(List<Resolved> fs) {
        Set<Long> out = new HashSet<>();
        for (Resolved f : fs) collect(f, out);
        return out;
    }

    private void collect(Resolved f, Set<Long> out) {
        if (f instanceof Resolved.Total t) {
            int[] r = regions.between(t.a(), t.b());
            Set<Integer> in = new HashSet<>();
            for (int x : r) in.add(x);
            for (int x : r) for (int c : g.children(x)) if (in.contains(c)) out.add(key(x, c));
        } else if (f instanceof Resolved.Direct d) {
            out.add(key(d.a(), d.b()));
        } else if (f instanceof Resolved.Chain c) {
            for (int i = 0; i + 1 < c.path().length; i++) out.add(key(c.path()[i], c.path()[i + 1]));
        } else if (f instanceof Resolved.Prod p) {
            p.factors().forEach(x -> collect(x, out));
        } else if (f instanceof Resolved.Sum s) {
            s.terms().forEach(x -> collect(x, out));
        }
    }

    /** Names the missing paths by the first edge of each that no written factor can use. */
    private String missing(int a, int b, Set<Long> used) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        List<String> whole = new ArrayList<>();
        Paths.stream(g, a, b).limit(10_000).forEach(p -> {
            for (int i = 0; i + 1 < p.length; i++) {
                if (!used.contains(key(p[i], p[i + 1]))) {
                    names.add(edgeName(p[i], p[i + 1]));
                    return;
                }
            }
        });
        if (names.isEmpty()) return "a path " + whole;
        List<String> list = new ArrayList<>(names);
        String s = String.join(", ", list.subList(0, Math.min(3, list.size())));
        return list.size() > 3 ? s + " and " + (list.size() - 3) + " more" : s;
    }

    private String edgeName(int u, int v) {
        return (g.isIdentityEdge(u, v) ? "the skip " : "the path through ") + inst.name(u) + " ← " + inst.name(v);
    }

    /** Small cases: both sides expanded to terms, compared term by term. */
    private String expanded(int a, int b, String lhs, Resolved rhs) {
        if (regions.count(a, b).compareTo(BigInteger.valueOf(MAX_EXPANSION)) > 0) return null;
        if (terms(rhs).compareTo(BigInteger.valueOf(MAX_EXPANSION)) > 0) return null;
        Map<List<Long>, Long> truth = new LinkedHashMap<>();
        Map<List<Long>, int[]> pathOf = new HashMap<>();
        Paths.stream(g, a, b).forEach(p -> {
            List<Long> w = word(p);
            truth.merge(w, 1L, Long::sum);
            pathOf.putIfAbsent(w, p);
        });
        Map<List<Long>, Long> written = expand(rhs);
        List<List<Long>> missing = new ArrayList<>(), extra = new ArrayList<>();
        for (var e : truth.entrySet()) {
            long d = e.getValue() - written.getOrDefault(e.getKey(), 0L);
            for (long k = 0; k < d; k++) missing.add(e.getKey());
        }
        for (var e : written.entrySet()) {
            long d = e.getValue() - truth.getOrDefault(e.getKey(), 0L);
            for (long k = 0; k < d; k++) extra.add(e.getKey());
        }
        long total = truth.values().stream().mapToLong(Long::longValue).sum();
        if (missing.isEmpty() && extra.isEmpty()) return null;
        if (!missing.isEmpty() && extra.isEmpty()) {
            Set<Long> used = new HashSet<>();
            collect(rhs, used);
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (List<Long> w : missing) names.add(describeMissing(pathOf.get(w), used, w));
            List<String> l = new ArrayList<>(names);
            String s = String.join(", ", l.subList(0, Math.min(3, l.size())));
            return lhs + " misses " + missing.size() + " of " + total + " paths: " + s
                    + (l.size() > 3 ? " and " + (l.size() - 3) + " more" : "");
        }
        if (missing.isEmpty()) {
            List<Long> w = extra.get(0);
            if (truth.containsKey(w)) {
                return lhs + " counts " + (extra.size() == 1 ? "a path" : extra.size() + " terms") + " twice: "
                        + termText(w);
            }
            return "the right side has " + extra.size() + " term" + (extra.size() == 1 ? "" : "s")
                    + " that " + (extra.size() == 1 ? "is" : "are") + " no path of " + lhs + ": " + termText(w);
        }
        if (missing.size() == extra.size()) {
            List<Long> m = new ArrayList<>(missing.get(0)), x = new ArrayList<>(extra.get(0));
            m.sort(null);
            x.sort(null);
            if (m.equals(x)) {
                return "a term has its factors in the wrong order: " + termText(extra.get(0)) + " should be "
                        + termText(missing.get(0));
            }
        }
        return lhs + " misses " + missing.size() + " of " + total + " paths (e.g. " + termText(missing.get(0))
                + ") and the right side has " + extra.size() + " term" + (extra.size() == 1 ? "" : "s")
                + " that " + (extra.size() == 1 ? "is" : "are") + " no path (e.g. " + termText(extra.get(0)) + ")";
    }

    /**
     * A missing path named by its first non-identity edge that no written factor uses; a path of identity edges
     * only is a skip; otherwise every edge is written somewhere and only their combination is missing.
     */
    private String describeMissing(int[] p, Set<Long> used, List<Long> w) {
        for (int i = 0; p != null && i + 1 < p.length; i++) {
            if (!g.isIdentityEdge(p[i], p[i + 1]) && !used.contains(key(p[i], p[i + 1]))) return edgeName(p[i], p[i + 1]);
        }
        if (w.isEmpty() && p != null && p.length == 2) return edgeName(p[0], p[1]);
        if (w.isEmpty() && p != null) return "the identity path " + inst.name(p[0]) + " ← ⋯ ← " + inst.name(p[p.length - 1]);
        return "the term " + termText(w);
    }

    private String termText(List<Long> w) {
        if (w.isEmpty()) return "1 (the identity)";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.size(); i++) {
            if (i > 0) sb.append(" × ");
            if (w.size() > 8 && i == 3) {
                sb.append("⋯");
                i = w.size() - 4;
                continue;
            }
            int u = (int) (w.get(i) >>> 32), v = (int) (long) w.get(i);
            sb.append("∂").append(inst.name(u)).append("/∂").append(inst.name(v));
        }
        return sb.toString();
    }

    private List<Long> word(int[] p) {
        List<Long> w = new ArrayList<>();
        // A scaled edge (λ I) is a coefficient, not a Jacobian: words count Jacobians only.
        for (int i = 0; i + 1 < p.length; i++) {
            if (!g.isIdentityEdge(p[i], p[i + 1]) && g.scaleEdge(p[i], p[i + 1]) == null) w.add(key(p[i], p[i + 1]));
        }
        return w;
    }

    private BigInteger terms(Resolved r) {
        if (r instanceof Resolved.Total t) return regions.count(t.a(), t.b()).max(t.a() == t.b() ? BigInteger.ONE : BigInteger.ZERO);
        if (r instanceof Resolved.Num n) return BigInteger.valueOf(n.value());
        if (r instanceof Resolved.Sum s) {
            BigInteger x = BigInteger.ZERO;
            for (Resolved t : s.terms()) x = x.add(terms(t));
            return x;
        }
        if (r instanceof Resolved.Prod p) {
            BigInteger x = BigInteger.ONE;
            for (Resolved t : p.factors()) x = x.multiply(terms(t));
            return x;
        }
        return BigInteger.ONE;
    }

    private Map<List<Long>, Long> expand(Resolved r) {
        Map<List<Long>, Long> out = new LinkedHashMap<>();
        if (r instanceof Resolved.Num n) {
            if (n.value() != 0) out.put(List.of(), n.value());
        } else if (r instanceof Resolved.Coef) {
            out.put(List.of(), 1L); // the paths are the same; a wrong coefficient is told apart by the evaluation
        } else if (r instanceof Resolved.Total t) {
            if (t.a() == t.b()) out.put(List.of(), 1L);
            else Paths.stream(g, t.a(), t.b()).forEach(p -> out.merge(word(p), 1L, Long::sum));
        } else if (r instanceof Resolved.Direct d) {
            out.put(g.isIdentityEdge(d.a(), d.b()) || g.scaleEdge(d.a(), d.b()) != null ? List.of() : List.of(key(d.a(), d.b())), 1L);
        } else if (r instanceof Resolved.Chain c) {
            out.put(word(c.path()), 1L);
        } else if (r instanceof Resolved.Sum s) {
            for (Resolved t : s.terms()) expand(t).forEach((k, v) -> out.merge(k, v, Long::sum));
        } else {
            out.put(List.of(), 1L);
            for (Resolved f : ((Resolved.Prod) r).factors()) {
                Map<List<Long>, Long> right = expand(f), next = new LinkedHashMap<>();
                out.forEach((k1, v1) -> right.forEach((k2, v2) -> {
                    List<Long> k = new ArrayList<>(k1);
                    k.addAll(k2);
                    next.merge(k, v1 * v2, Long::sum);
                }));
                out.clear();
                out.putAll(next);
            }
        }
        return out;
    }
}
