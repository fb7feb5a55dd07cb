package io.github.gradpath.verify;

import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The forward pass, evaluated straight from the network's definitions as written: the oracle the derived
 * gradients are checked against. It shares nothing with the graph or the deriver, so a mistake there cannot
 * hide here. Every named value is recorded (definitions, and nested applications under their function's name,
 * {@code F_1} in {@code x_2 = x_1 + F_1(W_1 x_1)}), and any one of them can be nudged, which is what finite
 * differences with respect to an inner node need.
 *
 * <p>Finite differences run the pass thousands of times, so definitions are compiled once into small trees over
 * numbered slots, and a nudged run starts from the unnudged values and recomputes only what the nudge reaches.
 */
final class Oracle {
    private final Shapes shapes;
    private final List<NodeId> names = new ArrayList<>();
    private final Map<NodeId, Integer> slots = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final IdentityHashMap<Formula, Boolean> wholes = new IdentityHashMap<>();
    private double[][] base;
    /** Scratch state of the nudged passes: the values, which slots changed in pass number {@code passes}, and
     *  which slots the last pass wrote (to be put back). */
    private double[][] work;
    /** The steps as an array (the pass's loop), and per slot the array a one-matrix layer step writes its value
     *  into in every nudged pass: allocated once, where a pass of a deep chain made an array per step (200 MB per
     *  form on the 300-layer chain, and young collections of 15-45 ms). */
    private Step[] stepArray;
    private double[][] buffers;
    private int[] changed, touched;
    private int passes, touchedCount;
    /** For each slot, the index of the first step that reads it (steps.size() if none). */
    private final int[] firstReader;
    /** For each slot, the step that makes it (its target, or a nested application inside it); -1 for a leaf. */
    private final int[] maker;
    /** The last step recording each nested application's slot, filled while compiling. */
    private final Map<Integer, Integer> nestedMakers = new HashMap<>();

    /** A nudge: {@code delta} added to entry {@code index} of the value named {@code node}. */
    record Nudge(NodeId node, int index, double delta) {}

    /** One definition, compiled: its target's slot, its formula, and the slots it reads or makes inside. */
    private record Step(int target, Op op, int[] reads, int[] writes) {}

    /** The nested applications' slots the definition being compiled writes (besides its target). */
    private final Set<Integer> nestedWrites = new HashSet<>();

    /** A compiled formula; {@code nested} is the slot a nested application records its value in, or -1. */
    private sealed interface Op {}

    private record Ref(int slot) implements Op {}

    private record Sum(Op[] terms) implements Op {}

    private record Apply(Functions f, Op arg, int nested) implements Op {}

    private record Loss(Functions.Loss f, Op arg, int nested) implements Op {
        Loss(Functions.Loss f, Op arg) { this(f, arg, -1); }
    }

    private record Hadamard(Op[] factors) implements Op {}

    private record Concat(Op[] parts) implements Op {}

    private record Scale(double k, Op operand) implements Op {}

    private record Constant(double[] value) implements Op {}

    /** {@code M_0 ⋯ M_{m-1} v}: matrix slots with their shapes, then the vector. */
    private record Product(int[] matrices, int[] rows, int[] cols, Op vector) implements Op {}

    /**
     * {@code f(M_0 ⋯ M_{m-1} h)}, f elementwise, h a named value: an {@link Apply} of a {@link Product}, computed
     * the same way to the bit, in one piece because nearly every step of a deep network has this form.
     */
    private record Layer(Functions f, int[] matrices, int[] rows, int[] cols, int vector) implements Op {}

    Oracle(Network net, Shapes shapes) {
        this.shapes = shapes;
        for (Network.Leaf l : net.inputs()) slot(l.id());
        for (Network.Leaf l : net.params()) slot(l.id());
        List<Network.Definition> order = topological(net);
        for (Network.Definition d : order) slot(d.target());
        for (Network.Definition d : order) wholes.put(d.formula(), true);
        for (Network.Definition d : order) {
            Set<Integer> reads = new HashSet<>();
            nestedWrites.clear();
            Op op;
            if (d == net.loss() && d.formula() instanceof Formula.Apply a) {
                op = new Loss(Functions.Loss.of(a.function().base()), compile(a.argument(), reads));
            } else if (d == net.loss()) {
                // `loss J = l(o) + r(W)`: each term is a loss function of its own, a scalar recorded as a node.
                List<Formula> terms = d.formula() instanceof Formula.Sum s ? s.terms() : List.of(d.formula());
                Op[] ops = new Op[terms.size()];
                for (int i = 0; i < ops.length; i++) {
                    Formula t = terms.get(i);
                    Formula.Coefficient k = null;
                    if (t instanceof Formula.Scale sc && sc.operand() instanceof Formula.Apply) {
                        k = sc.coefficient();
                        t = sc.operand();
                    }
                    if (t instanceof Formula.Apply a) {
                        int nested = slot(a.function());
                        reads.add(nested);
                        nestedMakers.put(nested, steps.size());
                        nestedWrites.add(nested);
                        ops[i] = new Loss(Functions.Loss.of(a.function().base()), compile(a.argument(), reads), nested);
                        if (k != null) ops[i] = new Scale(value(k), ops[i]);
                    } else {
                        ops[i] = compile(terms.get(i), reads);
                    }
                }
                op = ops.length == 1 ? ops[0] : new Sum(ops);
            } else {
                op = compile(d.formula(), reads);
            }
            int target = slots.get(d.target());
            int[] writes = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(target),
                    nestedWrites.stream().mapToInt(Integer::intValue).sorted()).toArray();
            nestedWrites.clear();
            steps.add(new Step(target, op, reads.stream().mapToInt(Integer::intValue).sorted().toArray(), writes));
        }
        firstReader = new int[names.size()];
        java.util.Arrays.fill(firstReader, steps.size());
        for (int k = steps.size() - 1; k >= 0; k--) for (int r : steps.get(k).reads()) firstReader[r] = k;
        maker = new int[names.size()];
        java.util.Arrays.fill(maker, -1);
        for (int k = 0; k < steps.size(); k++) maker[steps.get(k).target()] = k;
        stepArray = steps.toArray(new Step[0]);
        buffers = new double[names.size()][];
        nestedMakers.forEach((slot, k) -> maker[slot] = Math.max(maker[slot], k));
    }

    private int slot(NodeId id) {
        Integer s = slots.get(id);
        if (s != null) return s;
        names.add(id);
        slots.put(id, names.size() - 1);
        return names.size() - 1;
    }

    /** Recursion follows one written expression, whose nesting the author chose, not the network's depth. */
    private Op compile(Formula f, Set<Integer> reads) {
        if (f instanceof Formula.Ref r) {
            int s = slot(r.node());
            reads.add(s);
            return new Ref(s);
        }
        if (f instanceof Formula.Sum s) {
            Op[] ts = new Op[s.terms().size()];
            for (int i = 0; i < ts.length; i++) ts[i] = compile(s.terms().get(i), reads);
            return new Sum(ts);
        }
        if (f instanceof Formula.Apply a) {
            int nested = -1;
            if (!wholes.containsKey(a)) {
                nested = slot(a.function());
                reads.add(nested); // nudging it means recomputing the definition that makes it
                nestedMakers.put(nested, steps.size()); // the step being compiled
                nestedWrites.add(nested);
            }
            Functions fn = Functions.activation(a.function().base());
            Op arg = compile(a.argument(), reads);
            if (nested < 0 && fn.elementwise() && arg instanceof Product p && p.matrices().length > 0
                    && p.vector() instanceof Ref r) {
                return new Layer(fn, p.matrices(), p.rows(), p.cols(), r.slot()); // the common step, f(W h)
            }
            return new Apply(fn, arg, nested);
        }
        if (f instanceof Formula.Hadamard h) return new Hadamard(compileAll(h.factors(), reads));
        if (f instanceof Formula.Concat c) return new Concat(compileAll(c.parts(), reads));
        if (f instanceof Formula.Scale sc) return new Scale(value(sc.coefficient()), compile(sc.operand(), reads));
        if (f instanceof Formula.Constant k) {
            double[] v = new double[shapes.constantWidth(k)];
            java.util.Arrays.fill(v, (double) k.numerator() / k.denominator());
            return new Constant(v);
        }
        List<Formula> fs = ((Formula.Product) f).factors();
        int m = fs.size() - 1;
        int[] ms = new int[m], rows = new int[m], cols = new int[m];
        for (int i = 0; i < m; i++) {
            NodeId id = ((Formula.Ref) fs.get(i)).node();
            ms[i] = slot(id);
            reads.add(ms[i]);
            rows[i] = shapes.get(id).rows();
            cols[i] = shapes.get(id).cols();
        }
        return new Product(ms, rows, cols, compile(fs.get(m), reads));
    }

    private Op[] compileAll(List<Formula> fs, Set<Integer> reads) {
        Op[] out = new Op[fs.size()];
        for (int i = 0; i < out.length; i++) out[i] = compile(fs.get(i), reads);
        return out;
    }

    /** A coefficient's value: its exact part times the scalars' values drawn for this run. */
    private double value(Formula.Coefficient c) {
        double k = (double) c.numerator() / c.denominator();
        for (String s : c.scalars()) k *= shapes.scalar(s);
        return k;
    }

    /** The slot of a named value, or -1. */
    int indexOf(NodeId id) {
        Integer s = slots.get(id);
        return s == null ? -1 : s;
    }

    List<NodeId> names() { return names; }

    /** The unnudged pass; later {@link #nudged} runs start from it. */
    Map<NodeId, double[]> base(Map<NodeId, double[]> leaves) {
        double[][] v = new double[names.size()][];
        for (Map.Entry<NodeId, double[]> e : leaves.entrySet()) v[slots.get(e.getKey())] = e.getValue();
        for (Step s : steps) v[s.target()] = eval(s.op(), v, -1, 0, 0);
        base = v;
        work = v.clone();
        changed = new int[v.length];
        touched = new int[64];
        Map<NodeId, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), v[i]);
        return out;
    }

    /** Every value (by slot) with {@code delta} added to entry {@code index} of slot {@code slot}. */
    double[][] nudged(int slot, int index, double delta) {
        double[][] v = pass(slot, index, delta, steps.size()).clone();
        for (int i = 0; i < v.length; i++) if (v[i] != base[i]) v[i] = v[i].clone(); // the next pass reuses buffers
        restore();
        return v;
    }

    /**
     * The nudged values of the slots {@code nums} only, into {@code out} (one array per slot; not to be changed):
     * {@code delta} added to entry {@code index} of slot {@code slot}, and only the steps before {@code end}
     * recomputed (see {@link #end}). The finite differences' fast path: no copy of the whole pass is made.
     */
    void nudged(int slot, int index, double delta, int end, int[] nums, double[][] out) {
        double[][] v = pass(slot, index, delta, end);
        for (int u = 0; u < nums.length; u++) {
            double[] x = v[nums[u]];
            out[u] = x == base[nums[u]] ? x : x.clone(); // the next pass reuses the buffers
        }
        restore();
    }

    /**
     * One nudged pass, in {@link #work}, which holds the unnudged values except in the slots it lists in
     * {@link #touched}; {@link #restore} must follow before the next pass.
     *
     * <p>Two savings, both exact (every value read is bit for bit that of the full pass): a step whose result
     * comes out bit-identical to its unnudged value does not count as changed, so the steps that read only such
     * values keep theirs (a nudge that a relu cuts off, or that fades below the last bit, goes no further); and no
     * step from {@code end} on is run, its slots keeping their unnudged values.
     */
    private double[][] pass(int slot, int index, double delta, int end) {
        double[][] v = work;
        int mark = ++passes;
        if (mark == Integer.MAX_VALUE) { // wrap-around: start the marks again
            java.util.Arrays.fill(changed, 0);
            passes = mark = 1;
        }
        changed[slot] = mark;
        // A leaf or a definition's target is nudged in place; a nested application is nudged again, at the
        // same entry, when the definition that makes it is recomputed below (it reads the nudged slot).
        v[slot] = bump(v[slot], index, delta);
        touched[0] = slot;
        int count = 1;
        // Steps are in topological order: none before the first reader of the slot can be stale.
        for (int k = firstReader[slot]; k < end; k++) {
            Step s = stepArray[k];
            int[] reads = s.reads();
            boolean stale = false;
            for (int r : reads) if (changed[r] == mark) { stale = true; break; }
            if (!stale) continue;
            int t = s.target();
            double[] x = s.op() instanceof Layer l && l.matrices().length == 1 ? layer(l, v, t) : eval(s.op(), v, slot, index, delta);
            v[t] = x;
            if (t == slot || !same(x, base[t])) changed[t] = mark;
            // The step wrote its target and the slots of the nested applications inside it: those are put back.
            int[] writes = s.writes();
            if (count + writes.length > touched.length) touched = java.util.Arrays.copyOf(touched, 2 * (count + writes.length));
            for (int w : writes) touched[count++] = w;
        }
        touchedCount = count;
        return v;
    }

    /** {@link java.util.Arrays#equals(double[], double[])} (bits, NaNs as one), written out: it runs once a step. */
    private static boolean same(double[] a, double[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) return false;
        return true;
    }

    /**
     * A one-matrix {@link Layer} step {@code f(W h)} of a nudged pass, into slot {@code t}'s buffer: the same
     * operations as {@link #eval} does, so the same bits, without a new array.
     */
    private double[] layer(Layer l, double[][] v, int t) {
        int rows = l.rows()[0];
        double[] out = buffers[t];
        if (out == null) out = buffers[t] = new double[rows];
        timesInto(v[l.matrices()[0]], rows, l.cols()[0], v[l.vector()], out);
        if (l.f() == Functions.TANH) {
            for (int i = 0; i < rows; i++) out[i] = Tanh.tanh(out[i]);
            return out;
        }
        return l.f().applyInPlace(out); // elementwise: in place
    }

    /** Puts the unnudged values back where the last pass wrote. */
    private void restore() {
        for (int i = 0; i < touchedCount; i++) work[touched[i]] = base[touched[i]];
        touchedCount = 0;
    }

    /**
     * The bound for {@link #nudged(int, int, double, int)} that keeps the values of {@code slots} exact: one past
     * the last step making one of them (as its target or a nested application).
     */
    int end(int[] slots) {
        int end = 0;
        for (int s : slots) end = Math.max(end, maker[s] + 1);
        return end;
    }

    /** Convenience for tests: a base pass, then (if given) one nudged pass, by name. */
    Map<NodeId, double[]> run(Map<NodeId, double[]> leaves, Nudge nudge) {
        Map<NodeId, double[]> b = base(leaves);
        if (nudge == null) return b;
        double[][] v = nudged(slots.get(nudge.node()), nudge.index(), nudge.delta());
        Map<NodeId, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) out.put(names.get(i), v[i]);
        return out;
    }

    private static double[] bump(double[] v, int index, double delta) {
        double[] c = v.clone();
        c[index] += delta;
        return c;
    }

    private double[] eval(Op op, double[][] v, int nudgeSlot, int index, double delta) {
        if (op instanceof Layer l) {
            double[] x = v[l.vector()];
            for (int i = l.matrices().length - 1; i >= 0; i--) x = times(v[l.matrices()[i]], l.rows()[i], l.cols()[i], x);
            return l.f().applyInPlace(x); // x is the last product's fresh array
        }
        if (op instanceof Ref r) return v[r.slot()];
        if (op instanceof Sum s) {
            double[] acc = eval(s.terms()[0], v, nudgeSlot, index, delta).clone();
            for (int i = 1; i < s.terms().length; i++) {
                double[] t = eval(s.terms()[i], v, nudgeSlot, index, delta);
                for (int k = 0; k < acc.length; k++) acc[k] += t[k];
            }
            return acc;
        }
        if (op instanceof Apply a) {
            double[] z = eval(a.arg(), v, nudgeSlot, index, delta);
            // A product's result is a fresh array: the activation can overwrite it (one array fewer per step).
            double[] x = a.arg() instanceof Product ? a.f().applyInPlace(z) : a.f().apply(z);
            if (a.nested() < 0) return x;
            if (a.nested() == nudgeSlot) x = bump(x, index, delta);
            v[a.nested()] = x;
            return x;
        }
        if (op instanceof Hadamard h) {
            double[] acc = eval(h.factors()[0], v, nudgeSlot, index, delta).clone();
            for (int i = 1; i < h.factors().length; i++) {
                double[] t = eval(h.factors()[i], v, nudgeSlot, index, delta);
                for (int k = 0; k < acc.length; k++) acc[k] *= t[k];
            }
            return acc;
        }
        if (op instanceof Concat c) {
            double[][] parts = new double[c.parts().length][];
            int n = 0;
            for (int i = 0; i < parts.length; i++) n += (parts[i] = eval(c.parts()[i], v, nudgeSlot, index, delta)).length;
            double[] out = new double[n];
            int at = 0;
            for (double[] part : parts) {
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
        if (op instanceof Scale sc) {
            double[] x = eval(sc.operand(), v, nudgeSlot, index, delta).clone();
            for (int i = 0; i < x.length; i++) x[i] *= sc.k();
            return x;
        }
        if (op instanceof Constant k) return k.value();
        if (op instanceof Loss l) {
            double[] x = {l.f().value(eval(l.arg(), v, nudgeSlot, index, delta))};
            if (l.nested() < 0) return x;
            if (l.nested() == nudgeSlot) x = bump(x, index, delta);
            v[l.nested()] = x;
            return x;
        }
        Product p = (Product) op;
        double[] x = eval(p.vector(), v, nudgeSlot, index, delta);
        for (int i = p.matrices().length - 1; i >= 0; i--) {
            double[] w = v[p.matrices()[i]];
            int rows = p.rows()[i], cols = p.cols()[i];
            x = times(w, rows, cols, x);
        }
        return x;
    }

    /**
     * {@code w x}, {@code w} a {@code rows × cols} matrix by rows. Each entry is summed in column order, as one row
     * at a time would be, so the result is the same to the bit; four rows run side by side only so that their
     * additions, each waiting on the one before in its own row, overlap in the processor.
     */
    private static double[] times(double[] w, int rows, int cols, double[] x) {
        return timesInto(w, rows, cols, x, new double[rows]);
    }

    /** {@link #times} into {@code r} (not {@code x}). */
    private static double[] timesInto(double[] w, int rows, int cols, double[] x, double[] r) {
        int row = 0;
        for (; row + 4 <= rows; row += 4) {
            int o0 = row * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int col = 0;
            // Four columns an iteration (the additions still in column order): a --dim 4 row is one iteration.
            for (; col + 4 <= cols; col += 4) {
                double x0 = x[col], x1 = x[col + 1], x2 = x[col + 2], x3 = x[col + 3];
                a0 += w[o0 + col] * x0;
                a0 += w[o0 + col + 1] * x1;
                a0 += w[o0 + col + 2] * x2;
                a0 += w[o0 + col + 3] * x3;
                a1 += w[o1 + col] * x0;
                a1 += w[o1 + col + 1] * x1;
                a1 += w[o1 + col + 2] * x2;
                a1 += w[o1 + col + 3] * x3;
                a2 += w[o2 + col] * x0;
                a2 += w[o2 + col + 1] * x1;
                a2 += w[o2 + col + 2] * x2;
                a2 += w[o2 + col + 3] * x3;
                a3 += w[o3 + col] * x0;
                a3 += w[o3 + col + 1] * x1;
                a3 += w[o3 + col + 2] * x2;
                a3 += w[o3 + col + 3] * x3;
            }
            for (; col < cols; col++) {
                double xc = x[col];
                a0 += w[o0 + col] * xc;
                a1 += w[o1 + col] * xc;
                a2 += w[o2 + col] * xc;
                a3 += w[o3 + col] * xc;
            }
            r[row] = a0;
            r[row + 1] = a1;
            r[row + 2] = a2;
            r[row + 3] = a3;
        }
        for (; row < rows; row++) {
            double acc = 0;
            for (int col = 0; col < cols; col++) acc += w[row * cols + col] * x[col];
            r[row] = acc;
        }
        return r;
    }

    /** Definitions in an order where each comes after the definitions it reads (Kahn's algorithm, no recursion). */
    private static List<Network.Definition> topological(Network net) {
        Map<NodeId, Network.Definition> byTarget = new HashMap<>();
        for (Network.Definition d : net.definitions()) byTarget.put(d.target(), d);
        Map<NodeId, List<Network.Definition>> readers = new HashMap<>();
        Map<Network.Definition, Integer> pending = new IdentityHashMap<>();
        for (Network.Definition d : net.definitions()) {
            Set<NodeId> reads = new HashSet<>();
            Formula.walk(d.formula(), f -> {
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
