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

    UnitChecker(Path doc) { this.doc = doc; }

    private Regions regions(Networks.Instance i) {
        return regions.computeIfAbsent(i, x -> new Regions(x.graph()));
    }

    void check(MathUnit unit, Networks.Loaded net) {
        Written.Part prev = null;
        for (RowParser.Row row : RowParser.rows(unit.text())) {
            if (row == null || !row.mentionsPartial()) {
                prev = null;
                continue;
            }
            int line = unit.line(row.offset());
            if (row.sides().size() == 1) {
                if (row.relation() != null) {
                    findings.add(new Finding(doc, line, false, "not checked: `" + row.relation()
                            + "` states no equality"));
                }
                prev = null;
                continue;
            }
            checked++;
            Finding f;
            try {
                Written.Part lhs;
                if (row.sides().get(0).isEmpty()) {
                    if (prev == null) {
                        throw new Written.Unreadable("a row with an empty left side must continue a row above it",
                                row.offset());
                    }
                    lhs = prev;
                } else {
                    Written w;
                    try {
                        w = ExprParser.parse(row.sides().get(0), 0, row.sides().get(0).size());
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
                for (int s = 1; s < row.sides().size(); s++) {
                    var toks = row.sides().get(s);
                    rhs.add(ExprParser.parse(toks, 0, toks.size()));
                    lines.add(toks.isEmpty() ? line : unit.line(toks.get(0).offset()));
                }
                f = semantic(unit, net, row, lhs, rhs, lines, line);
            } catch (Written.Unreadable e) {
                f = new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage());
            }
            if (f != null) {
                findings.add(f);
                wrong++;
            }
        }
    }

    private Finding semantic(MathUnit unit, Networks.Loaded net, RowParser.Row row, Written.Part lhs,
                             List<Written> rhs, List<Integer> lines, int line) {
        Set<String> free = new LinkedHashSet<>();
        symbols(lhs, free);
        for (Written w : rhs) symbols(w, free);
        for (Networks.Instance inst : net.instances()) {
            Regions rg = regions(inst);
            Range range = null;
            for (String s : free) {
                if (inst.binding().containsKey(s)) continue;
                range = rangeFor(s, row, unit);
                if (range != null) break;
            }
            List<Long> values = List.of(0L);
            if (range != null) {
                Optional<List<Long>> vs = range.values(inst.binding());
                if (vs.isEmpty()) {
                    return new Finding(doc, line, true, "cannot read: the range of `" + range.symbol()
                            + "` stated next to this equation does not evaluate under this network's indices");
                }
                values = vs.get();
            }
            for (long v : values) {
                Map<String, Long> env = new HashMap<>(inst.binding());
                if (range != null) env.put(range.symbol(), v);
                String where = range == null ? "" : " (for " + range.symbol() + " = " + inst.index(v) + ")";
                try {
                    Resolver r = new Resolver(inst, rg, env);
                    int[] ab = r.nodes(lhs);
                    Resolved truth = new Resolved.Total(ab[0], ab[1], lhs.display(), 0);
                    for (int s = 0; s < rhs.size(); s++) {
                        Resolved side;
                        try {
                            side = r.resolve(rhs.get(s));
                        } catch (Written.Unreadable e) {
                            return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
                        } catch (Resolver.Wrong e) {
                            return new Finding(doc, unit.line(e.offset), true, e.getMessage() + where);
                        }
                        int deg = Math.max(Evaluator.degree(truth, rg), Evaluator.degree(side, rg));
                        Evaluator ev = new Evaluator(rg, SEED, deg);
                        // The same left side is compared with every right side of a chain: evaluate it once.
                        long[] t = truths.computeIfAbsent(inst, k -> new HashMap<>())
                                .computeIfAbsent(List.of(ab[0], ab[1], deg), k -> ev.value(truth));
                        long[] x = ev.value(side);
                        if (!java.util.Arrays.equals(t, x)) {
                            String msg = new Explainer(inst, rg, ev).explain(ab[0], ab[1], lhs.display(), side, t);
                            String which = rhs.size() > 1 ? "right side " + (s + 1) + ": " : "";
                            return new Finding(doc, lines.get(s), true, which + msg + where);
                        }
                    }
                } catch (Written.Unreadable e) {
                    return new Finding(doc, unit.line(e.offset), true, "cannot read: " + e.getMessage() + where);
                } catch (Resolver.Wrong e) {
                    return new Finding(doc, unit.line(e.offset), true, e.getMessage() + where);
                }
            }
        }
        return null;
    }

    private static Range rangeFor(String s, RowParser.Row row, MathUnit unit) {
        Optional<Range> own = Range.find(row.condition());
        if (own.isPresent() && own.get().symbol().equals(s)) return own.get();
        for (Range r : unit.before()) if (r.symbol().equals(s)) return r;
        for (Range r : unit.after()) if (r.symbol().equals(s)) return r;
        return null;
    }

    private static void symbols(Written w, Set<String> out) {
        if (w instanceof Written.Part p) {
            for (var l : p.num().subs()) out.addAll(l.coeffs().keySet());
            for (var l : p.den().subs()) out.addAll(l.coeffs().keySet());
        } else if (w instanceof Written.Prod p) {
            p.factors().forEach(f -> symbols(f, out));
        } else if (w instanceof Written.Sum s) {
            s.terms().forEach(f -> symbols(f, out));
        } else if (w instanceof Written.Big b) {
            // The bound index is no free symbol; the bounds' symbols are.
            Set<String> inner = new LinkedHashSet<>();
            symbols(b.body(), inner);
            inner.remove(b.index());
            out.addAll(b.from().coeffs().keySet());
            out.addAll(b.to().coeffs().keySet());
            out.addAll(inner);
        }
    }
}
