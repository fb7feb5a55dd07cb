package io.github.gradpath.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the rows of one math unit against one network: every right side of every gradient row must equal
 * the total derivative on its left, at every instance of the network (two witnesses for a symbolic one) and for
 * every value of a stated range ({@code k = 1, \ldots, p}). One finding per row: the first thing wrong with it.
 */
final class UnitChecker {
    static final long SEED = 0x5DEECE66DL;

    private final Path doc;
    // Identity maps: instances are records whose hash would walk their whole node table.
    private final Map<Networks.Instance, Regions> regions = new java.util.IdentityHashMap<>();
    private final Map<Networks.Instance, Map<List<Integer>, long[]>> truths = new java.util.IdentityHashMap<>();
    int checked;
    int wrong;
    final List<Finding> findings = new ArrayList<>();
    final List<Trace> traces = new ArrayList<>();
    /** The document's defined names, across its blocks: a definition in prose serves the rows after it. */
    final Definitions defs = new Definitions();

    UnitChecker(Path doc) { this.doc = doc; }

    private Regions regions(Networks.Instance i) {
        return regions.computeIfAbsent(i, x -> new Regions(x.graph()));
    }

    void check(MathUnit unit, Networks.Loaded net) {
        check(unit, net, unit.conventions());
    }

    void check(MathUnit unit, Networks.Loaded net, Conventions conv) {
        Written.Part prev = null;
        boolean any = false;
        for (RowParser.Row row : RowParser.rows(unit.text())) {
            if (row == null) {
                prev = null;
                continue;
            }
            int line = unit.line(row.offset());
            if (row.note() != null) {
                traces.add(new Trace(doc, line, "note: " + row.note()));
                any = true;
                prev = null;
                continue;
            }
            if (!row.mentionsPartial() && !definedLeft(row) && !SideNames.deltaRow(row, prev)) {
                if (row.sides().size() > 1) traces.add(new Trace(doc, line, "note: not a derivative statement"));
                any |= row.sides().size() > 1;
                prev = null;
                continue;
            }
            any = true;
            if (row.sides().size() == 1) {
                if (row.relation() != null) {
                    findings.add(new Finding(doc, line, false, "not checked: `" + row.relation()
                            + "` states no equality"));
                } else {
                    traces.add(new Trace(doc, line, "note: names a derivative but states no equation"));
                }
                prev = null;
                continue;
            }
            checked++;
            Finding f;
            try {
                Written.Part lhs;
                int firstRight = 1;
                Written.Part defined = null;
                if (row.sides().get(0).isEmpty()) {
                    if (prev == null) {
                        throw new Written.Unreadable("a row with an empty left side must continue a row above it",
                                row.offset());
                    }
                    lhs = prev;
                } else {
                    Written w;
                    var left = row.sides().get(0);
                    if (SideNames.plainVariable(left)) {
                        Written.Var name = ExprParser.var(left, 0, left.size());
                        defined = defs.lookup(name);
                        if (defined == null) {
                            // `δ^l_j = ∂C/∂z^l_j` defines a name later rows use; `z_t = ∂_w f + ...` only names a value.
                            Written first = null;
                            var toks = row.sides().get(1);
                            try {
                                first = ExprParser.parse(toks, 0, toks.size(), defs);
                            } catch (Written.Unreadable e) {
                                // not a derivative: a value named
                            }
                            String text = Tex.text(left, 0, left.size());
                            if (first instanceof Written.Part p && !p.direct() && defs.define(name, p)) {
                                defined = p;
                                firstRight = 2;
                                if (row.sides().size() == 2) {
                                    traces.add(new Trace(doc, line, "note: defines `" + text + "` as " + p.display()));
                                    checked--;
                                    prev = null;
                                    continue;
                                }
                            } else if (Deltas.isDelta(name)) {
                                // δ_n = diag(a_n'(z_n)) ∂L/∂h_{n+1}: a statement about ∂L/∂z_n, checked.
                                defined = Deltas.left(name);
                            } else {
                                boolean update = Tex.text(row.sides().get(1), 0, row.sides().get(1).size()).contains(text);
                                traces.add(new Trace(doc, line, "note: " + (update ? "an update rule (`" + text
                                        + "` on both sides)" : "defines `" + text + "` (its left side is no"
                                        + " derivative)") + ", not a derivative statement"));
                                checked--;
                                prev = null;
                                continue;
                            }
                        }
                    }
                    try {
                        w = defined != null ? defined : ExprParser.parse(row.sides().get(0), 0, row.sides().get(0).size(), defs);
                    } catch (Written.Unreadable e) {
                        throw new Written.Unreadable("the left side must be one derivative `\\frac{\\partial A}"
                                + "{\\partial B}` (" + e.getMessage() + ")", e.offset);
                    }
                    if (!(w instanceof Written.Part p) || p.direct()) {
                        throw new Written.Unreadable("the left side must be one derivative `\\frac{\\partial A}"
                                + "{\\partial B}`", row.offset());
                    }
                    lhs = p;
                }
                prev = lhs;
                List<Written> rhs = new ArrayList<>();
                List<Integer> lines = new ArrayList<>();
                Written.Unreadable first = null;
                int firstSide = 0;
                for (int s = firstRight; s < row.sides().size(); s++) {
                    var toks = row.sides().get(s);
                    try {
                        rhs.add(ExprParser.parse(toks, 0, toks.size(), defs));
                    } catch (Written.Unreadable e) {
                        // The other sides are still checked: a wrong one must not hide behind an unreadable one.
                        if (first == null) { first = e; firstSide = s; }
                        continue;
                    }
                    lines.add(toks.isEmpty() ? line : unit.line(toks.get(0).offset()));
                }
                f = rhs.isEmpty() ? null : semantic(unit, net, row, lhs, rhs, lines, line, conv);
                if (f == null && first != null) {
                    String which = row.sides().size() > 2 ? "right side " + firstSide + ": " : "";
                    String rest = rhs.isEmpty() ? "" : " (the other right side" + (rhs.size() > 1 ? "s are" : " is")
                            + " checked and right)";
                    f = new Finding(doc, unit.line(first.offset), true, "cannot read: " + which + first.getMessage() + rest);
                }
            } catch (Written.Unreadable e) {
                f = new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage());
            }
            if (f != null) {
                findings.add(f);
                wrong++;
            } else {
                traces.add(new Trace(doc, line, "ok"));
            }
        }
        if (!any && Mentions.derivative(unit.text())) {
            // A derivative the row reader found in no row (inside a construct it drops): say so, never pass it.
            findings.add(new Finding(doc, unit.line(0), false, "not checked: the derivative in this math is in no"
                    + " row that states an equation"));
        }
    }

    private Finding semantic(MathUnit unit, Networks.Loaded net, RowParser.Row row, Written.Part lhs,
                             List<Written> rhs, List<Integer> lines, int line, Conventions conv) {
        Set<String> free = new LinkedHashSet<>();
        SideNames.symbols(lhs, free);
        for (Written w : rhs) SideNames.symbols(w, free);
        for (Networks.Instance inst : net.instances()) {
            Regions rg = regions(inst);
            Range range = null;
            for (String s : free) {
                if (inst.binding().containsKey(s)) continue;
                range = SideNames.rangeFor(s, row, unit);
                if (range != null) break;
            }
            List<Long> values = List.of(0L);
            boolean implicit = false;
            String second = null;
            if (range == null) {
                // No range stated (most texts state none): every value at which the left side names nodes.
                List<Written.Var> vars = new ArrayList<>();
                SideNames.vars(lhs, vars);
                for (Written w : rhs) SideNames.vars(w, vars);
                SideNames.deep(lhs, vars);
                for (Written w : rhs) SideNames.deep(w, vars);
                for (String s : free) {
                    if (inst.binding().containsKey(s) || SideNames.label(s, vars, inst)) continue;
                    // An index only in bounds or coefficients (1/T Σ_{t=1}^{T}) names no node: no value to try.
                    if (vars.stream().noneMatch(v -> v.subs().stream().anyMatch(l -> l.coeffs().containsKey(s)))) continue;
                    long max = 0;
                    for (var n : inst.graph().nodes()) for (long x : n.name().indices()) max = Math.max(max, x);
                    List<Long> all = new ArrayList<>();
                    for (long x = -1; x <= max + 1; x++) all.add(x);
                    range = new Range(s, List.of(), -1);
                    values = all;
                    implicit = true;
                    // A second free index (∂x_t/∂x_k): every pair, within a bound on the work.
                    for (String s2 : free) {
                        if (s2.equals(s) || inst.binding().containsKey(s2) || SideNames.label(s2, vars, inst)) continue;
                        if (SideNames.rangeFor(s2, row, unit) != null || (long) all.size() * all.size() > 40_000) break;
                        second = s2;
                        break;
                    }
                    break;
                }
            }
            int tried = 0;
            if (range != null && !implicit) {
                Optional<List<Long>> vs = range.values(inst.binding());
                if (vs.isEmpty()) {
                    return new Finding(doc, line, true, "cannot read: the range of `" + range.symbol()
                            + "` stated next to this equation does not evaluate under this network's indices");
                }
                values = vs.get();
            }
            List<Long> values2 = values;
            if (range != null && !implicit) {
                // A second stated range (k = 1, ..., q-1 and t = 1, ..., T: a rectangle of layers and steps).
                for (String s : free) {
                    if (s.equals(range.symbol()) || inst.binding().containsKey(s)) continue;
                    Range r2 = SideNames.rangeFor(s, row, unit);
                    if (r2 == null) continue;
                    Optional<List<Long>> vs2 = r2.values(inst.binding());
                    if (vs2.isEmpty() || (long) values.size() * vs2.get().size() > 1_000_000) break;
                    second = s;
                    values2 = vs2.get();
                    break;
                }
            }
            List<long[]> pairs = new ArrayList<>();
            for (long v : values) {
                if (second == null) pairs.add(new long[] {v});
                else for (long v2 : values2) pairs.add(new long[] {v, v2});
            }
            for (long[] vv : pairs) {
                long v = vv[0];
                Map<String, Long> env = new HashMap<>(inst.binding());
                if (range != null) env.put(range.symbol(), v);
                if (second != null) env.put(second, vv[1]);
                String where = range == null ? "" : " (for " + range.symbol() + " = " + inst.index(v)
                        + (second == null ? "" : ", " + second + " = " + inst.index(vv[1])) + ")";
                try {
                    Resolver r = new Resolver(inst, rg, env, conv);
                    int[] ab;
                    try {
                        ab = Deltas.isLeft(lhs) ? new int[] {inst.graph().loss(), Deltas.owner(r, lhs.num(), 0)} : r.nodes(lhs);
                    } catch (Resolver.Wrong | Written.Unreadable e) {
                        if (implicit) continue;
                        throw e;
                    }
                    // Outside the recursion a row states: its left side an input, or a node its right side names missing.
                    // ... or where the left side is zero (k > t in ∂x_t/∂x_k): no text states a row for those.
                    if (implicit && (inst.graph().children(ab[0]).length == 0 || !SideNames.names(r, rhs)
                            || ab[0] != ab[1] && !rg.reaches(ab[0], ab[1]))) continue;
                    tried++;
                    boolean outside = false;
                    Resolved truth = new Resolved.Total(ab[0], ab[1], lhs.display(), 0);
                    for (int s = 0; s < rhs.size(); s++) {
                        if (Written.explicit(rhs.get(s)) || Deltas.isLeft(lhs) || Deltas.mentions(inst, rhs.get(s))) {
                            // Explicit values: judged as matrices, in the written order whatever the layout.
                            String which = rhs.size() > 1 ? "right side " + (s + 1) + ": " : "";
                            Finding f;
                            try {
                                f = explicit(inst, rg, env, conv, rhs.get(s), ab, lhs, lines.get(s), unit, which, where, implicit);
                            } catch (Resolver.Outside e) {
                                if (implicit) { outside = true; break; }
                                return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
                            }
                            if (f != null) return f;
                            continue;
                        }
                        Resolved side;
                        try {
                            side = r.resolve(rhs.get(s));
                        } catch (Resolver.Outside e) {
                            if (implicit) { outside = true; break; }
                            return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
                        } catch (Written.Unreadable e) {
                            return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
                        } catch (Resolver.Wrong e) {
                            return new Finding(doc, unit.line(e.offset), true, e.getMessage() + where);
                        }
                        int deg = Math.max(Evaluator.degree(truth, rg), Evaluator.degree(side, rg));
                        Evaluator ev = new Evaluator(rg, SEED, deg, conv.scalar());
                        // The same left side is compared with every right side of a chain: evaluate it once.
                        long[] t = truths.computeIfAbsent(inst, k -> new HashMap<>())
                                .computeIfAbsent(List.of(ab[0], ab[1], deg, conv.scalar() ? 1 : 0), k -> ev.value(truth));
                        long[] x = ev.value(side);
                        if (!java.util.Arrays.equals(t, x)) {
                            String msg = conv.scalar() ? "the right side is not " + lhs.display() + " (found by random"
                                    + " evaluation, products commuting)"
                                    : new Explainer(inst, rg, ev).explain(ab[0], ab[1], lhs.display(), side, t);
                            String which = rhs.size() > 1 ? "right side " + (s + 1) + ": " : "";
                            String hint = Hints.of(inst, rg, env, conv, rhs.get(s), ab, lhs);
                            String sign = Signs.flip(side, alt -> java.util.Arrays.equals(t, ev.value(alt)));
                            if (sign != null && hint.isEmpty()) hint = "; " + sign;
                            if (hint.startsWith("the left side") && (msg.contains("is zero") || msg.contains("misses the factor")
                                    || msg.startsWith("the product"))) {
                                hint = "";
                            }
                            return new Finding(doc, lines.get(s), true, which + (hint.startsWith("the left side") ? hint : msg + hint) + where);
                        }
                    }
                    if (outside) tried--;
                } catch (Written.Unreadable e) {
                    return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
                } catch (Resolver.Wrong e) {
                    return new Finding(doc, unit.line(e.offset), true, e.getMessage() + where);
                }
            }
            if (implicit && tried == 0) {
                return new Finding(doc, line, true, "cannot read: the left side names no node of the network for any"
                        + " value of `" + range.symbol() + "`");
            }
        }
        return null;
    }

    private final Map<Networks.Instance, Object> models = new java.util.IdentityHashMap<>();

    /** A side with explicit values, judged by {@link Values} on the instance's {@link Model}; null when right. */
    private Finding explicit(Networks.Instance inst, Regions rg, Map<String, Long> env, Conventions conv, Written w,
                             int[] ab, Written.Part lhs, int line, MathUnit unit, String which, String where,
                             boolean implicit) {
        Resolved side;
        try {
            side = new Resolver(inst, rg, env, conv.withInputFirst(false)).resolve(w);
        } catch (Resolver.Outside e) {
            throw e;
        } catch (Written.Unreadable e) {
            return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
        } catch (Resolver.Wrong e) {
            // At a value gradpath chose itself (no range stated), a node the side names missing puts it outside the row.
            if (implicit) throw new Resolver.Outside(e.getMessage(), e.offset);
            return new Finding(doc, unit.line(e.offset), true, which + e.getMessage() + where);
        }
        try {
            Object o = models.computeIfAbsent(inst, k -> {
                try {
                    return new Model(inst.graph(), rg, SEED, conv.scalar());
                } catch (Model.Unsupported | Mat.Shape e) {
                    return e.getMessage();
                }
            });
            if (o instanceof String why) {
                return new Finding(doc, line, true, "cannot read: the network has no matrix form for explicit values: " + why);
            }
            Model m = (Model) o;
            Resolved left = Deltas.isLeft(lhs) ? new Resolved.Delta(ab[1]) : new Resolved.Total(ab[0], ab[1], lhs.display(), 0);
            // A wrong side: changes of the written side (a run's end, a ∏'s order) are bound and tried first.
            Conventions written = conv.withInputFirst(false);
            String msg = new Values(m, conv.denominator()).judge(left, side, Deltas.display(lhs), m.widths(ab[0], ab[1]),
                    right -> Repairs.first(w, v -> SideNames.weight(inst, written.alias(v)), conv.denominator(),
                            alt -> new Resolver(inst, rg, env, written).resolve(alt), right));
            if (msg != null) {
                // `\prod_j \operatorname{diag}(a'(z_j)) W` unbracketed: wrong with the body stopping before `W`, but
                // right with it running to `W` is not called wrong; accepted with a warning that says which reading.
                Repairs.Repair ext = Repairs.extended(w);
                if (ext != null) {
                    String other;
                    try {
                        Resolved alt = new Resolver(inst, rg, env, written).resolve(ext.side());
                        other = new Values(m, conv.denominator()).judge(left, alt, Deltas.display(lhs), m.widths(ab[0], ab[1]));
                    } catch (RuntimeException e) {
                        other = "not read";
                    }
                    if (other == null) {
                        Finding note = new Finding(doc, line, false, which + "right only with " + ext.says()
                                + " (as written, the ∏'s body stops before the factors that do not use its index);"
                                + " bracket the body to say so");
                        if (!findings.contains(note)) findings.add(note);
                        return null;
                    }
                }
            }
            return msg == null ? null : new Finding(doc, line, true, which + msg + where);
        } catch (Model.Unsupported e) {
            return new Finding(doc, line, true, "cannot read: " + e.getMessage() + where);
        }
    }

    /** Whether a row's left side is a name the document defined as a derivative ({@code δ^l_j}). */
    private boolean definedLeft(RowParser.Row row) {
        if (defs.isEmpty() || row.sides().size() < 2 || !SideNames.plainVariable(row.sides().get(0))) return false;
        return defs.lookup(ExprParser.var(row.sides().get(0), 0, row.sides().get(0).size())) != null;
    }
}
