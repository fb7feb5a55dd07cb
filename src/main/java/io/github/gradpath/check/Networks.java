package io.github.gradpath.check;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Source;
import io.github.gradpath.diag.SourceReader;
import io.github.gradpath.dsl.Instantiator;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NetworkParser;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.GraphBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network loaded for checking. A concrete network has one instance; a symbolic one (with {@code index N, p, q
 * : ...}) is bound at two witnesses whose symbols lie far apart and in different ratios (7, 14, 21 and 9, 20, 31
 * for three ordered symbols), so a row that holds at both holds for the symbols, not by coincidence of numbers.
 */
final class Networks {
    private Networks() {}

    /**
     * One binding of a network: its graph, the index values, and how to name its nodes back symbolically;
     * {@code names} holds each node's name once made (instances are compared by identity, never by value).
     */
    record Instance(ComputationGraph graph, Map<String, Long> binding, Map<String, Integer> byKey, String[] names) {
        Instance(ComputationGraph graph, Map<String, Long> binding, Map<String, Integer> byKey) {
            this(graph, binding, byKey, new String[graph.size()]);
        }

        Integer node(String base, String subscriptKey) { return byKey.get(base + "\u0000" + subscriptKey); }

        /**
         * A node as a person writes it: {@code h_{q+1}} for h_15 at the witness q = 14. Made once per node: every
         * step of a {@code \cdots} run a row resolves is labelled with two names, thousands in a 200-row block.
         */
        String name(int id) {
            String s = names[id];
            if (s == null) names[id] = s = spell(id);
            return s;
        }

        private String spell(int id) {
            NodeId n = graph.node(id).name();
            if (n.indices().isEmpty()) {
                String label = n.subscript();
                return label.isEmpty() ? n.base() : n.base() + "_" + (label.length() == 1 ? label : "{" + label + "}");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n.indices().size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(index(n.indices().get(i)));
            }
            String s = sb.toString();
            return n.base() + "_" + (s.length() == 1 ? s : "{" + s + "}");
        }

        /** An index value named after the nearest symbol ({@code 15 -> q+1}); small values stay numbers. */
        String index(long v) {
            if (binding.isEmpty() || v <= 3) return Long.toString(v);
            String best = null;
            long bestD = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : binding.entrySet()) {
                long d = v - e.getValue();
                if (Math.abs(d) < Math.abs(bestD) || Math.abs(d) == Math.abs(bestD) && e.getKey().compareTo(best) < 0) {
                    bestD = d;
                    best = e.getKey();
                }
            }
            if (best == null || Math.abs(bestD) > 3) return Long.toString(v);
            return bestD == 0 ? best : best + (bestD > 0 ? "+" : "-") + Math.abs(bestD);
        }
    }

    record Loaded(Path path, List<Instance> instances, Set<String> symbols) {}

    static Loaded load(Path file) {
        Diagnostics d = new Diagnostics();
        Source src = SourceReader.read(file.toString(), System.in, d).orElseThrow(() -> new InputException(d));
        NetworkSpec spec = NetworkParser.parse(src, d).orElseThrow(() -> new InputException(d));
        if (d.hasErrors()) throw new InputException(d);
        Set<String> symbols = new TreeSet<>();
        for (NetworkSpec.IndexDecl decl : spec.indices()) decl.symbols().forEach(s -> symbols.add(s.base()));
        List<Map<String, Long>> bindings = symbols.isEmpty() ? List.of(Map.of()) : witnesses(spec, src, d);
        List<Instance> out = new ArrayList<>();
        for (Map<String, Long> b : bindings) {
            Network net = Instantiator.instantiate(spec, b, d).orElseThrow(() -> new InputException(d));
            if (d.hasErrors()) throw new InputException(d);
            ComputationGraph g = GraphBuilder.build(net, d).orElseThrow(() -> new InputException(d));
            if (d.hasErrors()) throw new InputException(d);
            Map<String, Integer> byKey = new HashMap<>();
            for (ComputationGraph.Node n : g.nodes()) byKey.put(n.name().base() + "\u0000" + n.name().subscript(), n.id());
            out.add(new Instance(g, Map.copyOf(b), byKey));
        }
        return new Loaded(file, out, symbols);
    }

    /**
     * Two bindings that satisfy the index constraints: symbols ordered by the constraints and spread apart, first
     * 7 apart (7, 14, 21), then 11 apart from 9 (9, 20, 31); a small deterministic search if that fails.
     */
    static List<Map<String, Long>> witnesses(NetworkSpec spec, Source src, Diagnostics d) {
        List<String> order = ordered(spec);
        List<Map<String, Long>> out = new ArrayList<>();
        for (long[] shape : new long[][] {{7, 7}, {9, 11}}) {
            Map<String, Long> b = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) b.put(order.get(i), shape[0] + shape[1] * i);
            if (!satisfies(spec, b)) b = search(spec, order, shape[0] * 31 + shape[1]);
            if (b == null) {
                d.error(src, spec.indices().get(0).pos(), "no values of the indices satisfy the constraints, so the"
                        + " network cannot be checked");
                throw new InputException(d);
            }
            if (!out.contains(b)) out.add(b);
        }
        return out;
    }

    /** Symbols sorted so that {@code a < b} constraints between bare symbols hold; declaration order otherwise. */
    private static List<String> ordered(NetworkSpec spec) {
        List<String> syms = new ArrayList<>();
        for (NetworkSpec.IndexDecl decl : spec.indices()) decl.symbols().forEach(s -> { if (!syms.contains(s.base())) syms.add(s.base()); });
        Map<String, Integer> rank = new HashMap<>();
        for (String s : syms) rank.put(s, 0);
        for (int round = 0; round < syms.size(); round++) {
            for (NetworkSpec.IndexDecl decl : spec.indices()) {
                for (NetworkSpec.Constraint c : decl.constraints()) {
                    for (int i = 0; i < c.operators().size(); i++) {
                        String lo = bare(c.operands().get(i)), hi = bare(c.operands().get(i + 1));
                        String op = c.operators().get(i);
                        if (op.equals(">") || op.equals(">=")) { String t = lo; lo = hi; hi = t; }
                        if (lo != null && hi != null && (op.contains("<") || op.contains(">")) && rank.get(hi) <= rank.get(lo)) {
                            rank.put(hi, rank.get(lo) + 1);
                        }
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(syms);
        out.sort(Comparator.comparingInt(rank::get));
        return out;
    }

    private static String bare(Linear l) {
        if (l.constant() != 0 || l.coeffs().size() != 1) return null;
        Map.Entry<String, Long> e = l.coeffs().entrySet().iterator().next();
        return e.getValue() == 1 ? e.getKey() : null;
    }

    static boolean satisfies(NetworkSpec spec, Map<String, Long> b) {
        for (NetworkSpec.IndexDecl decl : spec.indices()) {
            for (NetworkSpec.Constraint c : decl.constraints()) {
                for (int i = 0; i < c.operators().size(); i++) {
                    Long x = c.operands().get(i).eval(b), y = c.operands().get(i + 1).eval(b);
                    if (x == null || y == null) return false;
                    boolean ok = switch (c.operators().get(i)) {
                        case "<" -> x < y;
                        case "<=" -> x <= y;
                        case ">" -> x > y;
                        case ">=" -> x >= y;
                        case "==" -> x.equals(y);
                        default -> !x.equals(y);
                    };
                    if (!ok) return false;
                }
            }
        }
        return true;
    }

    /** Seeded search for values in 1..64 that satisfy the constraints and lie as far apart as possible. */
    private static Map<String, Long> search(NetworkSpec spec, List<String> syms, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        Map<String, Long> best = null;
        long bestGap = -1;
        for (int t = 0; t < 20_000; t++) {
            Map<String, Long> b = new LinkedHashMap<>();
            for (String s : syms) b.put(s, 1L + rnd.nextInt(64));
            if (!satisfies(spec, b)) continue;
            long gap = Long.MAX_VALUE;
            List<Long> vs = new ArrayList<>(b.values());
            for (int i = 0; i < vs.size(); i++) for (int j = i + 1; j < vs.size(); j++) gap = Math.min(gap, Math.abs(vs.get(i) - vs.get(j)));
            if (gap > bestGap) { bestGap = gap; best = b; }
        }
        return best;
    }

}
