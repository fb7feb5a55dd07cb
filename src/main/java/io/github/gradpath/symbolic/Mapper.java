package io.github.gradpath.symbolic;

import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Concrete index values back to symbols: each value is written relative to the nearest anchor (the constant 0 or a
 * symbol at its witness value), so at p=20, q=40 the value 41 reads {@code q+1} and 2 reads {@code 2}. Correct only
 * when the witness keeps anchors far apart; the second witness in {@link Symbolic} is what checks that.
 */
final class Mapper {
    private final List<String> names = new ArrayList<>();
    private final List<Long> values = new ArrayList<>();
    /**
     * The symbols each subscript position may be written from, keyed {@code base#position#arity} (see {@link #of}):
     * layer and step run over overlapping values ({@code t = 21} is not {@code p+1}).
     */
    private final Map<String, java.util.Set<String>> positional = new java.util.HashMap<>();

    /** Anchors in the order given; on a tie the earlier one wins (deterministic, and ties never reach output). */
    Mapper(Map<String, Long> binding) {
        names.add("");
        values.add(0L);
        binding.forEach((k, v) -> { names.add(k); values.add(v); });
        fixedAnchors = names.size();
    }

    /** Anchors from the binding (and 0) come first; those after them are free indices added by {@link #with}. */
    private int fixedAnchors;

    private Mapper(Mapper base) {
        names.addAll(base.names);
        values.addAll(base.values);
        positional.putAll(base.positional);
        fixedAnchors = base.fixedAnchors;
    }

    /**
     * The mapper of a network at {@code binding}, with anchors per subscript position. The symbols fall into
     * dimensions: two are of one dimension when they are written at the same position of the same name (in a
     * declaration or a use, directly or as the bounds of a loop variable written there). {@code h_{n+1,t} for n in
     * 1..N-1 for t in 1..T} and {@code u h_{q,t-1}} make {@code N, q} one dimension (layers) and {@code T} another
     * (steps). A position is written from the anchors of its dimension only; with one dimension (every network
     * with a single kind of index) that is every anchor, as before. Any mapping is still checked by the guard.
     */
    static Mapper of(io.github.gradpath.dsl.NetworkSpec spec, Map<String, Long> binding) {
        Mapper m = new Mapper(binding);
        Map<String, java.util.Set<String>> seen = new java.util.HashMap<>();
        List<io.github.gradpath.dsl.NetworkSpec.ForClause> none = List.of();
        for (io.github.gradpath.dsl.NameRef n : spec.inputs()) note(n, none, binding, seen);
        for (io.github.gradpath.dsl.NameRef n : spec.params()) note(n, none, binding, seen);
        for (io.github.gradpath.dsl.NetworkSpec.LeafLoop l : spec.leafLoops()) {
            for (io.github.gradpath.dsl.NameRef n : l.names()) note(n, l.loops(), binding, seen);
        }
        for (io.github.gradpath.dsl.NetworkSpec.Rule r : spec.rules()) {
            note(r.target(), r.loops(), binding, seen);
            walk(r.rhs(), r.loops(), binding, seen);
        }
        spec.loss().ifPresent(l -> walk(l.argument(), none, binding, seen));
        // Union-find over the symbols, by name: the dimension classes.
        Map<String, String> parent = new java.util.TreeMap<>();
        for (java.util.Set<String> set : seen.values()) {
            String first = null;
            for (String x : set) {
                parent.putIfAbsent(x, x);
                if (first == null) first = x;
                else parent.put(root(parent, x), root(parent, first));
            }
        }
        if (new java.util.HashSet<>(parent.keySet().stream().map(x -> root(parent, x)).toList()).size() < 2) return m;
        seen.forEach((key, set) -> {
            java.util.Set<String> allowed = new java.util.TreeSet<>();
            for (String x : set) for (String y : parent.keySet()) if (root(parent, y).equals(root(parent, x))) allowed.add(y);
            if (!allowed.isEmpty()) m.positional.put(key, allowed);
        });
        return m;
    }

    private static String root(Map<String, String> parent, String x) {
        // Path length is bounded by the number of declared symbols.
        while (!parent.get(x).equals(x)) x = parent.get(x);
        return x;
    }

    /** The symbols of every name in {@code t}, a loop's variable standing for its bounds. */
    private static void walk(io.github.gradpath.dsl.Term t, List<io.github.gradpath.dsl.NetworkSpec.ForClause> loops,
                             Map<String, Long> binding, Map<String, java.util.Set<String>> seen) {
        java.util.ArrayDeque<io.github.gradpath.dsl.Term> stack = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<List<io.github.gradpath.dsl.NetworkSpec.ForClause>> scopes = new java.util.ArrayDeque<>();
        stack.push(t);
        scopes.push(loops);
        while (!stack.isEmpty()) {
            io.github.gradpath.dsl.Term x = stack.pop();
            List<io.github.gradpath.dsl.NetworkSpec.ForClause> scope = scopes.pop();
            List<io.github.gradpath.dsl.Term> kids = new ArrayList<>();
            List<io.github.gradpath.dsl.NetworkSpec.ForClause> inner = scope;
            if (x instanceof io.github.gradpath.dsl.Term.Ref r) note(r.name(), scope, binding, seen);
            else if (x instanceof io.github.gradpath.dsl.Term.Apply a) {
                note(a.function(), scope, binding, seen);
                kids.add(a.argument());
            }
            else if (x instanceof io.github.gradpath.dsl.Term.Sum s) kids.addAll(s.terms());
            else if (x instanceof io.github.gradpath.dsl.Term.Product p) kids.addAll(p.factors());
            else if (x instanceof io.github.gradpath.dsl.Term.Hadamard h) kids.addAll(h.factors());
            else if (x instanceof io.github.gradpath.dsl.Term.Concat c) kids.addAll(c.parts());
            else if (x instanceof io.github.gradpath.dsl.Term.SumOver so) {
                kids.add(so.body());
                inner = new ArrayList<>(scope);
                inner.add(so.loop());
            }
            for (io.github.gradpath.dsl.Term k : kids) { stack.push(k); scopes.push(inner); }
        }
    }

    private static void note(io.github.gradpath.dsl.NameRef n, List<io.github.gradpath.dsl.NetworkSpec.ForClause> loops,
                             Map<String, Long> binding, Map<String, java.util.Set<String>> seen) {
        for (int i = 0; i < n.subscripts().size(); i++) {
            java.util.Set<String> into = seen.computeIfAbsent(n.base() + "#" + i + "#" + n.subscripts().size(),
                    k -> new java.util.TreeSet<>());
            for (String s : n.subscripts().get(i).coeffs().keySet()) {
                if (binding.containsKey(s)) into.add(s);
                for (io.github.gradpath.dsl.NetworkSpec.ForClause c : loops) {
                    if (!c.variable().equals(s)) continue;
                    List<io.github.gradpath.dsl.Linear> bounds = new ArrayList<>(c.excluded());
                    bounds.add(c.from());
                    bounds.add(c.to());
                    for (io.github.gradpath.dsl.Linear b : bounds) {
                        for (String x : b.coeffs().keySet()) if (binding.containsKey(x)) into.add(x);
                    }
                }
            }
        }
    }

    /**
     * Subscript {@code position} of a name {@code base} with {@code arity} subscripts: with no dimension known for
     * the position, as {@link #map(long)}; else relative to the nearest anchor of its dimension (or 0, or a free
     * index added by {@link #with}).
     */
    Linear map(String base, int position, int arity, long v) {
        java.util.Set<String> allowed = positional.get(base + "#" + position + "#" + arity);
        if (allowed == null || allowed.isEmpty()) return map(v);
        int best = 0;
        for (int i = 1; i < names.size(); i++) {
            if (!allowed.contains(names.get(i)) && i < fixedAnchors) continue;
            if (Math.abs(v - values.get(i)) < Math.abs(v - values.get(best))) best = i;
        }
        long offset = v - values.get(best);
        return names.get(best).isEmpty() ? Linear.constant(v, Pos.NONE)
                : new Linear(offset, Map.of(names.get(best), 1L), Pos.NONE);
    }

    /** The symbols subscript {@code position} of {@code base} (with {@code arity} subscripts) is written from; null: any. */
    java.util.Set<String> dimension(String base, int position, int arity) {
        return positional.get(base + "#" + position + "#" + arity);
    }

    /** This mapper plus a free index, e.g. {@code k} at the middle of a family of definitions. */
    Mapper with(String symbol, long value) {
        Mapper m = new Mapper(this);
        m.names.add(symbol);
        m.values.add(value);
        return m;
    }

    /** A name for an index bound by a Σ: {@code t} (as textbooks write BPTT), or the next free one. */
    String boundName() {
        for (String s : List.of("t", "i", "j", "s", "u")) if (!names.contains(s)) return s;
        return "t'";
    }

    Linear map(long v) {
        int best = 0;
        for (int i = 1; i < names.size(); i++) {
            if (Math.abs(v - values.get(i)) < Math.abs(v - values.get(best))) best = i;
        }
        long offset = v - values.get(best);
        return names.get(best).isEmpty() ? Linear.constant(v, Pos.NONE)
                : new Linear(offset, Map.of(names.get(best), 1L), Pos.NONE);
    }

    /** LaTeX text of an index: {@code q+1}, {@code 2k-1} (no {@code *}). */
    static String tex(Linear l) {
        return io.github.gradpath.derive.Exprs.tex(l);
    }
}
