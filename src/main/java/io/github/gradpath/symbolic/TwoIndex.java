package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expander;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Exprs;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.render.Latex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pre-activations with two indices ({@code z_{n,t}}: the function's layer, the node's step), grouped by the
 * shape of their definition relative to both; each group cut into rectangles of consecutive values (every
 * layer of a rectangle with the same runs of steps), each rectangle a case over both indices, a strip one over
 * the index that varies, a point one row. Which index a subscript of the definition is written from is decided
 * by its dimension ({@link Mapper#of}); {@link SymbolicExpander}'s guard checks every value at both witnesses.
 */
final class TwoIndex {
    private final Expander x;
    private final Mapper positional;
    private final Map<String, Long> binding;
    private final String n, t;
    private final Map<String, TreeMap<Long, TreeSet<Long>>> byShape = new LinkedHashMap<>();
    private final Map<String, Expr[]> shapes = new HashMap<>();
    private final Map<String, Expr.Var> origins = new HashMap<>();

    TwoIndex(Expander x, Mapper positional, Map<String, Long> binding, String n) {
        this.x = x;
        this.positional = positional;
        this.binding = binding;
        this.n = n;
        String second = "n'";
        for (String s : List.of("t", "s", "j", "i", "r")) {
            if (!binding.containsKey(s) && !s.equals(n)) { second = s; break; }
        }
        this.t = second;
    }

    void add(Expr.Var z, Expr rhs) {
        long a = z.indices().get(0).constant(), b = z.indices().get(1).constant();
        Set<String> dimA = dim(z, 0), dimB = dim(z, 1);
        Expr shape = SymbolicExpander.mapVars(rhs, var -> {
            List<Linear> idx = new ArrayList<>();
            int k = var.indices().size();
            for (int j = 0; j < k; j++) {
                Linear l = var.indices().get(j);
                if (!l.isConstant()) { idx.add(l); continue; }
                Set<String> d = positional.dimension(var.base(), j, k);
                boolean nearA = Math.abs(l.constant() - a) <= 2 && java.util.Objects.equals(d, dimA);
                boolean nearB = Math.abs(l.constant() - b) <= 2 && java.util.Objects.equals(d, dimB);
                // Both near (one dimension, or a = b): the subscript of the same position, else the nearer.
                if (nearA && nearB) {
                    if (j == k - 1 && k == 2) nearA = false;
                    else if (j == 0 && k == 2) nearB = false;
                    else if (Math.abs(l.constant() - a) <= Math.abs(l.constant() - b)) nearB = false;
                    else nearA = false;
                }
                if (nearA) idx.add(Linear.symbol(n, Pos.NONE).plus(Linear.constant(l.constant() - a, Pos.NONE), 1));
                else if (nearB) idx.add(Linear.symbol(t, Pos.NONE).plus(Linear.constant(l.constant() - b, Pos.NONE), 1));
                else idx.add(positional.map(var.base(), j, k, l.constant()));
            }
            return new Expr.Var(var.base(), idx, var.label(), var.role());
        });
        Expr.Var lhs = new Expr.Var(z.base(), List.of(Linear.symbol(n, Pos.NONE), Linear.symbol(t, Pos.NONE)),
                z.label(), z.role());
        String key = Latex.expr(lhs) + "=" + Latex.expr(shape);
        byShape.computeIfAbsent(key, q -> new TreeMap<>()).computeIfAbsent(a, q -> new TreeSet<>()).add(b);
        shapes.put(key, new Expr[] {lhs, shape});
        origins.putIfAbsent(key, z);
    }

    /** The symbols subscript {@code i} of {@code z} is written from: its function's, or its node's. */
    private Set<String> dim(Expr.Var z, int i) {
        io.github.gradpath.dsl.NodeId[] o = x.origin(z);
        if (o == null) throw new SymbolicExpander.CannotExpand("`" + Latex.var(z) + "` is no indexed pre-activation");
        int f = o[0].indices().size(), arity = z.indices().size();
        if (i < f) return positional.dimension(o[0].base(), i, f);
        int k = o[1].indices().size();
        return positional.dimension(o[1].base(), k - (arity - i), k);
    }

    private Linear map(Expr.Var z, int i, long v) {
        io.github.gradpath.dsl.NodeId[] o = x.origin(z);
        int f = o[0].indices().size(), arity = z.indices().size(), k = o[1].indices().size();
        return i < f ? positional.map(o[0].base(), i, f, v) : positional.map(o[1].base(), k - (arity - i), k, v);
    }

    private String range(String var, Expr.Var z, int i, long lo, long hi) {
        return var + "=" + Exprs.tex(map(z, i, lo)) + ", " + Exprs.tex(map(z, i, lo + 1))
                + (hi == lo + 1 ? "" : ", \\cdots, " + Exprs.tex(map(z, i, hi)));
    }

    void fold(List<Row> rows, List<Symbolic.Case> cases) {
        for (Map.Entry<String, TreeMap<Long, TreeSet<Long>>> e : byShape.entrySet()) {
            Expr lhs = shapes.get(e.getKey())[0], shape = shapes.get(e.getKey())[1];
            Expr.Var z = origins.get(e.getKey());
            // Per layer, its runs of consecutive steps; consecutive layers with the same runs make rectangles.
            List<long[]> layers = new ArrayList<>();       // {a0, a1}
            List<List<long[]>> runsOf = new ArrayList<>();
            for (Map.Entry<Long, TreeSet<Long>> layer : e.getValue().entrySet()) {
                List<long[]> spans = spans(layer.getValue());
                int last = layers.size() - 1;
                if (last >= 0 && layers.get(last)[1] == layer.getKey() - 1 && same(runsOf.get(last), spans)) {
                    layers.get(last)[1] = layer.getKey();
                } else {
                    layers.add(new long[] {layer.getKey(), layer.getKey()});
                    runsOf.add(spans);
                }
            }
            for (int r = 0; r < layers.size(); r++) {
                long a0 = layers.get(r)[0], a1 = layers.get(r)[1];
                for (long[] sb : runsOf.get(r)) emit(z, lhs, shape, a0, a1, sb[0], sb[1], rows, cases);
            }
        }
    }

    private void emit(Expr.Var z, Expr lhs, Expr shape, long a0, long a1, long b0, long b1, List<Row> rows,
                      List<Symbolic.Case> cases) {
        Linear la = map(z, 0, a0), ha = map(z, 0, a1), lb = map(z, 1, b0), hb = map(z, 1, b1);
        if (a0 == a1 && b0 == b1) {
            rows.add(new Row.Equation(SymbolicExpander.substitute(SymbolicExpander.substitute(lhs, n, la), t, lb),
                    SymbolicExpander.substitute(SymbolicExpander.substitute(shape, n, la), t, lb)));
        } else if (a0 == a1) {
            cases.add(new Symbolic.Case(t, range(t, z, 1, b0, b1), SymbolicExpander.substitute(lhs, n, la),
                    List.of(SymbolicExpander.substitute(shape, n, la)), lb, hb));
        } else if (b0 == b1) {
            cases.add(new Symbolic.Case(n, range(n, z, 0, a0, a1), SymbolicExpander.substitute(lhs, t, lb),
                    List.of(SymbolicExpander.substitute(shape, t, lb)), la, ha));
        } else {
            cases.add(new Symbolic.Case(n, range(n, z, 0, a0, a1), lhs, List.of(shape), la, ha, t,
                    range(t, z, 1, b0, b1), lb, hb));
        }
    }

    /** Consecutive runs of {@code values}, each as {@code {first, last}} (also SymbolicDeltas' ranges). */
    static List<long[]> spans(TreeSet<Long> values) {
        List<long[]> spans = new ArrayList<>();
        for (long v : values) {
            if (!spans.isEmpty() && spans.get(spans.size() - 1)[1] == v - 1) spans.get(spans.size() - 1)[1] = v;
            else spans.add(new long[] {v, v});
        }
        return spans;
    }

    private static boolean same(List<long[]> a, List<long[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!java.util.Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }
}
