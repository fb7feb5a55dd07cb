package io.github.gradpath.verify;

import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forward pass, evaluated straight from the network's definitions as written: the oracle the derived
 * gradients are checked against. It shares nothing with the graph or the deriver, so a mistake there cannot
 * hide here. Every named value is recorded (definitions, and nested applications under their function's name,
 * {@code F_1} in {@code x_2 = x_1 + F_1(W_1 x_1)}), and any one of them can be nudged, which is what finite
 * differences with respect to an inner node need.
 */
final class Oracle {
    private final Network net;
    private final Shapes shapes;
    private final List<Network.Definition> order;
    private final IdentityHashMap<Formula, Boolean> wholes = new IdentityHashMap<>();

    Oracle(Network net, Shapes shapes) {
        this.net = net;
        this.shapes = shapes;
        this.order = topological(net);
        for (Network.Definition d : net.definitions()) wholes.put(d.formula(), true);
    }

    /** A nudge: {@code delta} added to entry {@code index} of the value named {@code node}. */
    record Nudge(NodeId node, int index, double delta) {}

    /** Every named value, leaves included, with {@code nudge} (may be null) applied where its value is made. */
    Map<NodeId, double[]> run(Map<NodeId, double[]> leaves, Nudge nudge) {
        Map<NodeId, double[]> values = new HashMap<>();
        for (Map.Entry<NodeId, double[]> e : leaves.entrySet()) values.put(e.getKey(), nudged(e.getKey(), e.getValue(), nudge));
        for (Network.Definition d : order) {
            double[] v;
            if (d == net.loss()) {
                Formula.Apply a = (Formula.Apply) d.formula();
                double[] y = eval(a.argument(), values, nudge);
                v = new double[] {Functions.Loss.of(a.function().base()).value(y)};
            } else {
                v = eval(d.formula(), values, nudge);
            }
            values.put(d.target(), nudged(d.target(), v, nudge));
        }
        return values;
    }

    private static double[] nudged(NodeId id, double[] v, Nudge nudge) {
        if (nudge == null || !nudge.node().equals(id)) return v;
        double[] c = v.clone();
        c[nudge.index()] += nudge.delta();
        return c;
    }

    /** Recursion follows one written expression, whose nesting the author chose, not the network's depth. */
    private double[] eval(Formula f, Map<NodeId, double[]> values, Nudge nudge) {
        if (f instanceof Formula.Ref r) return values.get(r.node());
        if (f instanceof Formula.Sum s) {
            double[] acc = eval(s.terms().get(0), values, nudge).clone();
            for (int i = 1; i < s.terms().size(); i++) {
                double[] t = eval(s.terms().get(i), values, nudge);
                for (int k = 0; k < acc.length; k++) acc[k] += t[k];
            }
            return acc;
        }
        if (f instanceof Formula.Apply a) {
            double[] v = Functions.activation(a.function().base()).apply(eval(a.argument(), values, nudge));
            if (wholes.containsKey(a)) return v;
            v = nudged(a.function(), v, nudge);
            values.put(a.function(), v);
            return v;
        }
        Formula.Product p = (Formula.Product) f;
        List<Formula> fs = p.factors();
        double[] v = eval(fs.get(fs.size() - 1), values, nudge);
        for (int i = fs.size() - 2; i >= 0; i--) {
            NodeId m = ((Formula.Ref) fs.get(i)).node();
            Shapes.Shape s = shapes.get(m);
            double[] w = values.get(m);
            double[] r = new double[s.rows()];
            for (int row = 0; row < s.rows(); row++) {
                double acc = 0;
                for (int col = 0; col < s.cols(); col++) acc += w[row * s.cols() + col] * v[col];
                r[row] = acc;
            }
            v = r;
        }
        return v;
    }

    /** Definitions in an order where each comes after the definitions it reads (Kahn's algorithm, no recursion). */
    private static List<Network.Definition> topological(Network net) {
        Map<NodeId, Network.Definition> byTarget = new HashMap<>();
        for (Network.Definition d : net.definitions()) byTarget.put(d.target(), d);
        Map<NodeId, List<Network.Definition>> readers = new HashMap<>();
        Map<Network.Definition, Integer> pending = new IdentityHashMap<>();
        for (Network.Definition d : net.definitions()) {
            Set<NodeId> reads = new HashSet<>();
            Shapes.walk(d.formula(), f -> {
                if (f instanceof Formula.Ref r && byTarget.containsKey(r.node())) reads.add(r.node());
            });
            pending.put(d, reads.size());
            for (NodeId r : reads) readers.computeIfAbsent(r, k -> new ArrayList<>()).add(d);
        }
        ArrayDeque<Network.Definition> ready = new ArrayDeque<>();
        for (Network.Definition d : net.definitions()) if (pending.get(d) == 0) ready.add(d);
        List<Network.Definition> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            Network.Definition d = ready.poll();
            out.add(d);
            for (Network.Definition r : readers.getOrDefault(d.target(), List.of())) {
                if (pending.merge(r, -1, Integer::sum) == 0) ready.add(r);
            }
        }
        if (out.size() != net.definitions().size()) throw new IllegalStateException("cyclic network reached verify");
        return out;
    }
}
