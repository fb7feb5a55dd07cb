package io.github.gradpath.derive;

import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.gradpath.derive.MatrixForm.sum;
import static io.github.gradpath.derive.MatrixForm.times;
import static io.github.gradpath.derive.MatrixForm.transpose;

/**
 * {@code derive --expand}: every edge Jacobian of a derivation written out from the network's formulas, and every
 * weight gradient as a matrix, in one {@link Layout}.
 *
 * <p>Edge Jacobians (numerator layout): {@code u = a(W v)} gives {@code diag(a'(z)) W} with the pre-activation
 * {@code z = W v} named and defined in the block; {@code u ⊙ v} gives {@code diag(v)} for {@code u} (the product
 * rule); a concatenation {@code [u; v]} gives the block selector {@code [1; 0]} for {@code u}; a scaled term its
 * coefficient; {@code softmax} its full Jacobian {@code diag(s) - s s^\top}. A weight gradient for
 * {@code u = a(W v)} is {@code v (∂L/∂u) diag(a'(z))} (the shape of {@code W^\top}). The denominator layout is the
 * transpose of every right-hand side: {@code W^\top diag(a'(z))}, and {@code diag(a'(z)) ∂L/∂u v^\top} for the
 * weight (the shape of {@code W}).
 *
 * <p>Only total derivatives whose numerator is the loss, and named factors that are not single edges, are left
 * as {@code ∂u/∂v}: they are the row vectors (columns) the rows are written in. Concrete networks only.
 */
public final class Expander {
    /** An expanded derivation: its definitions start with the pre-activations ({@code z_n = w_n h_n}). */
    public record Expanded(Derivation derivation, Layout layout, Map<Expr.Var, Integer> deltas) {
        public Expanded {
            deltas = Map.copyOf(deltas);
        }

        public Expanded(Derivation derivation, Layout layout) { this(derivation, layout, Map.of()); }
    }

    private final ComputationGraph g;
    private final Layout layout;
    private final Vars vars;
    private final Map<String, Integer> byName = new HashMap<>();
    private final IdentityHashMap<Formula.Apply, Expr.Var> pre = new IdentityHashMap<>();
    private final List<Row> preRows = new ArrayList<>();
    /** Indexed naming only: where each subscript of a pre-activation comes from (the function's, then the node's). */
    private final Map<Expr.Var, NodeId[]> preOrigin = new HashMap<>();

    /**
     * Pre-activations named with index expressions only ({@code z_n}, {@code z_t}, {@code z_{n,t}}), never with a
     * node's name as a label: what a symbolic derivation needs, whose indices are shifted and instantiated.
     */
    private final boolean indexed;

    private Expander(ComputationGraph g, Layout layout, boolean indexed) {
        this.g = g;
        this.layout = layout;
        this.vars = new Vars(g);
        this.indexed = indexed;
        for (ComputationGraph.Node n : g.nodes()) byName.put(key(n.name().base(), n.name().subscript()), n.id());
        namePreactivations();
    }

    /** Thrown in the indexed naming when two pre-activations would get one name. */
    public static final class NoIndexedNames extends RuntimeException {
        NoIndexedNames(String message) { super(message, null, false, false); }
    }

    /** An expander for the symbolic stage: pre-activations named by indices only (see {@link #indexed}). */
    public static Expander indexed(ComputationGraph g) { return new Expander(g, Layout.NUMERATOR, true); }

    /** {@code ∂u/∂v} written out (numerator layout), or {@code p} itself where it is no single edge. */
    public Expr edgeOf(Expr.Partial p) { return expand(p); }

    /** One use {@code W r} of a weight in u's formula: {@code ∂L/∂W} gets {@code right (∂L/∂u) jac left}. */
    public record Use(Expr right, Expr jac, List<Expr> left) {}

    /** The uses of W in u for a single-edge {@code ∂u/∂W}; null when {@code p} is no weight edge. */
    public List<Use> uses(Expr.Partial p) {
        Integer u = node(p.numerator()), w = node(p.denominator());
        if (u == null || w == null || !g.hasEdge(u, w) || g.node(w).kind() != ComputationGraph.Kind.PARAM) return null;
        if (!p.direct() && Paths.otherRoute(g, u, w)) return null;
        NodeId wName = g.node(w).name();
        List<Use> out = new ArrayList<>();
        Formula.walk(g.node(u).local(), f -> {
            if (!(f instanceof Formula.Product use)) return;
            List<Formula> fs = use.factors();
            for (int i = 0; i + 1 < fs.size(); i++) {
                if (!(fs.get(i) instanceof Formula.Ref r && r.node().equals(wName))) continue;
                List<Formula> rest = fs.subList(i + 1, fs.size());
                Expr right = rest.size() == 1 ? lift(rest.get(0)) : new Expr.Juxtapose(rest.stream().map(this::lift).toList());
                Expr j = jac(g.node(u).local(), u, -1, use);
                List<Expr> left = new ArrayList<>();
                for (Formula l : fs.subList(0, i)) left.add(lift(l));
                out.add(new Use(right, j == null ? new Expr.One() : j, left));
            }
        });
        return out.isEmpty() ? null : out;
    }

    /** The pre-activation rows ({@code z = W v}), all of them, in the network's order. */
    public List<Row> preactivations() { return List.copyOf(preRows); }

    /**
     * Indexed naming: the function and the node an indexed pre-activation's subscripts are taken from
     * ({@code z_{n,t}}: {@code a_n}, then {@code h_{n+1,t}}'s last index); null for any other name.
     */
    public NodeId[] origin(Expr.Var z) {
        NodeId[] o = preOrigin.get(z);
        return o == null ? null : o.clone();
    }

    /**
     * The nodes {@code u = a(z)} (the whole formula one elementwise function of a named pre-activation) with their
     * z: where the denominator layout writes {@code δ_z = ∂L/∂z}.
     */
    Map<Integer, Expr.Var> deltaOwners() {
        Map<Integer, Expr.Var> out = new java.util.LinkedHashMap<>();
        for (int id : g.order()) {
            ComputationGraph.Node n = g.node(id);
            if (n.isLeaf() || id == g.loss() || !(n.local() instanceof Formula.Apply a) || !pre.containsKey(a)) continue;
            if (a.function().base().equals("softmax") && a.function().subscript().isEmpty()) continue;
            // Only a layer's z_n (indexed by its function, a_n) gets δ_n: δ_{h_3} or δ_t would read as ∂L/∂h_3, ∂L/∂t.
            Expr.Var z = pre.get(a);
            if (!z.label().isEmpty() || z.indices().isEmpty()) continue;
            out.put(id, z);
        }
        return out;
    }

    /** The δ of every node {@link #deltaOwners} names, by its z (empty where the network has a node `delta`). */
    public Map<Expr.Var, Deltas.Pair> deltaPairs() { return Deltas.pairs(deltaOwners(), g); }

    /** The pre-activation letter ({@code z}, or {@code zeta} where the network has its own z). */
    public String letter() { return letter; }

    private String letter = "z";

    public static Expanded expand(ComputationGraph g, Derivation d, Layout layout) {
        return expand(new Expander(g, layout, false), d);
    }

    /** The same as {@link #expand(ComputationGraph, Derivation, Layout)} with this expander's naming. */
    public Expanded expand(Derivation d, Layout layout) {
        Expander x = new Expander(g, layout, indexed);
        return expand(x, d);
    }

    private static Expanded expand(Expander x, Derivation d) {
        Layout layout = x.layout;
        List<Row> factors = new ArrayList<>();
        for (Row r : d.definitions()) {
            // ∂u/∂W for a vector u is no matrix: the weight rows that named it are written per use of W instead.
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Partial p && x.isParam(p.denominator())) continue;
            factors.add(x.row(r));
        }
        List<Row> rows = new ArrayList<>();
        for (Row r : d.gradients()) rows.add(x.row(r));
        // Only the pre-activations the rows use are defined (a --wrt of one weight needs one z).
        Set<Expr> used = new HashSet<>();
        for (List<Row> rs : List.of(rows, factors)) for (Row r : rs) if (r instanceof Row.Equation eq) eq.rhs().forEach(e -> vars(e, used));
        List<Row> defs = new ArrayList<>();
        for (Row r : x.preRows) if (used.contains(((Row.Equation) r).lhs())) defs.add(r);
        defs.addAll(factors);
        Derivation out = new Derivation(d.network(), d.form(), rows, defs);
        if (layout == Layout.DENOMINATOR && d.form() == Form.ADJOINT && !x.indexed) return Deltas.introduce(out, x.deltaOwners(), x.g);
        return new Expanded(out, layout);
    }

    /** Every variable in {@code e}, with an explicit stack. */
    private static void vars(Expr e, Set<Expr> out) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.Var v) out.add(v);
            else if (x instanceof Expr.Product p) p.factors().forEach(stack::push);
            else if (x instanceof Expr.Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Expr.Diag dg) stack.push(dg.operand());
            else if (x instanceof Expr.Derivative dv) stack.push(dv.argument());
            else if (x instanceof Expr.Transpose t) stack.push(t.operand());
            else if (x instanceof Expr.Negate n) stack.push(n.operand());
            else if (x instanceof Expr.Apply a) stack.push(a.argument());
            else if (x instanceof Expr.Hadamard h) h.factors().forEach(stack::push);
            else if (x instanceof Expr.Concat c) c.parts().forEach(stack::push);
            else if (x instanceof Expr.Juxtapose j) j.factors().forEach(stack::push);
        }
    }

    private static String key(String base, String subscript) { return base + "\u0000" + subscript; }

    /**
     * The pre-activation of every function applied to a computed argument gets a name: {@code z} with the
     * function's subscript ({@code a_n(w_n h_n)}: {@code z_n}) where that subscript is the function's alone,
     * else {@code z} with the node's name ({@code h = tanh(W_H x)}: {@code z_h}). {@code zeta} where the network
     * already has a {@code z}.
     */
    private void namePreactivations() {
        boolean zTaken = false;
        for (ComputationGraph.Node n : g.nodes()) zTaken |= n.name().base().equals("z");
        String letter = zTaken ? "zeta" : "z";
        this.letter = letter;
        Map<String, Integer> subscripts = new HashMap<>();
        List<int[]> owners = new ArrayList<>();
        List<Formula.Apply> applies = new ArrayList<>();
        for (int id : g.order()) {
            ComputationGraph.Node n = g.node(id);
            if (n.isLeaf() || id == g.loss()) continue;
            Formula.walk(n.local(), f -> {
                if (f instanceof Formula.Apply a && !(a.argument() instanceof Formula.Ref)) {
                    applies.add(a);
                    owners.add(new int[] {id});
                    subscripts.merge(a.function().subscript(), 1, Integer::sum);
                }
            });
        }
        if (indexed) {
            indexedNames(applies, owners, letter);
            return;
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < applies.size(); i++) {
            Formula.Apply a = applies.get(i);
            NodeId owner = g.node(owners.get(i)[0]).name();
            String fs = a.function().subscript();
            Expr.Var z = null;
            if (!fs.isEmpty() && subscripts.get(fs) == 1 && used.add(fs)) {
                NodeId fn = a.function();
                z = new Expr.Var(letter, Expr.Var.of(fn, Expr.Role.NODE).indices(), fn.label(), Expr.Role.NODE);
            } else {
                String sub = owner.subscript();
                String label = owner.base() + (sub.isEmpty() ? "" : "_" + (sub.length() == 1 ? sub : "{" + sub + "}"));
                String unique = label;
                for (int k = 2; !used.add(unique); k++) unique = label + "," + k;
                z = new Expr.Var(letter, List.of(), unique, Expr.Role.NODE);
            }
            pre.put(a, z);
            preRows.add(new Row.Equation(z, lift(a.argument())));
        }
    }

    /**
     * Indexed names: the function's indices, then as few of the node's last indices as make every name unique
     * ({@code h_{n+1} = a_n(w_n h_n)}: {@code z_n}; {@code h_t = tanh(...)}: {@code z_t};
     * {@code h_{n+1,t} = a_n(w_n h_{n,t})}: {@code z_{n,t}}).
     */
    private void indexedNames(List<Formula.Apply> applies, List<int[]> owners, String letter) {
        int most = 0;
        for (int[] o : owners) most = Math.max(most, g.node(o[0]).name().indices().size());
        for (int k = 0; k <= most; k++) {
            List<Expr.Var> names = new ArrayList<>();
            Set<Expr.Var> seen = new HashSet<>();
            boolean unique = true;
            for (int i = 0; i < applies.size() && unique; i++) {
                NodeId fn = applies.get(i).function(), owner = g.node(owners.get(i)[0]).name();
                List<io.github.gradpath.dsl.Linear> idx = new ArrayList<>(Expr.Var.of(fn, Expr.Role.NODE).indices());
                List<Long> own = owner.indices();
                for (int j = Math.max(0, own.size() - k); j < own.size(); j++) idx.add(Exprs.constant(own.get(j)));
                Expr.Var z = new Expr.Var(letter, idx, fn.label(), Expr.Role.NODE);
                if (!fn.label().isEmpty() && !idx.isEmpty()) unique = false; // a label and indices: no one name
                unique &= seen.add(z);
                names.add(z);
            }
            if (!unique) continue;
            for (int i = 0; i < applies.size(); i++) {
                preOrigin.put(names.get(i), new NodeId[] {applies.get(i).function(), g.node(owners.get(i)[0]).name()});
                pre.put(applies.get(i), names.get(i));
                preRows.add(new Row.Equation(names.get(i), lift(applies.get(i).argument())));
            }
            return;
        }
        throw new NoIndexedNames("its pre-activations cannot be told apart by their indices alone");
    }

    private boolean isParam(Expr.Var v) {
        Integer id = node(v);
        return id != null && g.node(id).kind() == ComputationGraph.Kind.PARAM;
    }

    /** Whether a ∂u/∂W (no matrix) is left in {@code e}. */
    private boolean hasWeightPartial(Expr e) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.Partial p && isParam(p.denominator())) return true;
            if (x instanceof Expr.Product p) p.factors().forEach(stack::push);
            else if (x instanceof Expr.Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Expr.Negate n) stack.push(n.operand());
        }
        return false;
    }

    /**
     * {@code ∂L/∂W} as the sum over the uses of W ({@code Σ_u r_u (∂L/∂u) J_u}), each user's gradient a total
     * derivative: how a weight shared across steps is written (back-propagation through time).
     */
    private Expr perUse(Expr.Partial lhs) {
        int w = node(lhs.denominator());
        List<Expr> terms = new ArrayList<>();
        for (int u : g.parents(w)) {
            Expr t = weight(List.of(new Expr.Partial(lhs.numerator(), vars.var(u))), new Expr.Partial(vars.var(u), lhs.denominator(), true));
            if (t == null) return null;
            terms.add(t);
        }
        return terms.isEmpty() ? null : terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
    }

    private Row row(Row r) {
        if (!(r instanceof Row.Equation eq)) return r;
        List<Expr> out = new ArrayList<>();
        for (Expr rhs : eq.rhs()) {
            Expr e = expand(rhs);
            if (hasWeightPartial(e) && eq.lhs() instanceof Expr.Partial lp && isParam(lp.denominator())) {
                Expr alt = perUse(lp);
                if (alt != null) e = alt;
            }
            if (layout == Layout.DENOMINATOR) e = transpose(e);
            if (out.isEmpty() || !out.get(out.size() - 1).equals(e)) out.add(e);
        }
        return new Row.Equation(eq.lhs(), out, eq.condition());
    }

    private Integer node(Expr.Var v) { return byName.get(key(v.base(), v.subscript())); }

    // ---- expansion (numerator layout) ----

    private Expr expand(Expr e) {
        if (e instanceof Expr.Partial p) {
            Expr w = weight(List.of(), p);
            if (w != null) return w;
            return edge(p);
        }
        if (e instanceof Expr.Sum s) {
            List<Expr> ts = new ArrayList<>();
            for (Expr t : s.terms()) ts.add(expand(t));
            return new Expr.Sum(ts);
        }
        if (e instanceof Expr.Product p) {
            List<Expr> fs = p.factors();
            Expr w = weight(fs.subList(0, fs.size() - 1), fs.get(fs.size() - 1));
            if (w != null) return w;
            List<Expr> out = new ArrayList<>();
            for (Expr f : fs) out.add(expand(f));
            return times(out);
        }
        return e;
    }

    /** The Jacobian of a single edge written out, or the partial as it was (a total derivative, a gradient). */
    private Expr edge(Expr.Partial p) {
        Integer u = node(p.numerator()), v = node(p.denominator());
        if (u == null || v == null || u == g.loss() || p.numerator().role() == Expr.Role.LOSS || !g.hasEdge(u, v)
                || g.node(v).kind() == ComputationGraph.Kind.PARAM) return p;
        if (!p.direct() && Paths.otherRoute(g, u, v)) return p;
        Expr j = jac(g.node(u).local(), u, v, null);
        return j == null ? new Expr.Zero() : j;
    }

    /**
     * {@code prefix × ∂u/∂W} (prefix the gradient {@code ∂L/∂u}) as a matrix: for each use {@code W r} of
     * {@code W} in u's formula, {@code r (prefix) J} with {@code J = ∂u/∂(W r)}, then the matrices left of W.
     * A sum after the prefix is distributed. Null when {@code last} is no weight edge.
     */
    private Expr weight(List<Expr> prefix, Expr last) {
        if (last instanceof Expr.Sum s && !prefix.isEmpty()) {
            List<Expr> terms = new ArrayList<>();
            for (Expr t : s.terms()) {
                List<Expr> fs = t instanceof Expr.Product p ? p.factors() : List.of(t);
                List<Expr> pre2 = new ArrayList<>(prefix);
                pre2.addAll(fs.subList(0, fs.size() - 1));
                Expr w = weight(pre2, fs.get(fs.size() - 1));
                if (w == null) return null;
                terms.add(w);
            }
            return new Expr.Sum(terms);
        }
        if (!(last instanceof Expr.Partial p) || prefix.isEmpty()) return null;
        Integer u = node(p.numerator()), w = node(p.denominator());
        if (u == null || w == null || !g.hasEdge(u, w) || g.node(w).kind() != ComputationGraph.Kind.PARAM) return null;
        if (!p.direct() && Paths.otherRoute(g, u, w)) return null; // a total derivative (W shared): per use instead
        NodeId wName = g.node(w).name();
        List<Formula.Product> uses = new ArrayList<>();
        Formula.walk(g.node(u).local(), f -> {
            if (f instanceof Formula.Product pr) {
                for (int i = 0; i + 1 < pr.factors().size(); i++) {
                    if (pr.factors().get(i) instanceof Formula.Ref r && r.node().equals(wName)) uses.add(pr);
                }
            }
        });
        if (uses.isEmpty()) return null;
        List<Expr> expandedPrefix = new ArrayList<>();
        for (Expr f : prefix) expandedPrefix.add(expand(f));
        List<Expr> terms = new ArrayList<>();
        for (Formula.Product use : uses) {
            List<Formula> fs = use.factors();
            for (int i = 0; i + 1 < fs.size(); i++) {
                if (!(fs.get(i) instanceof Formula.Ref r && r.node().equals(wName))) continue;
                List<Formula> rest = fs.subList(i + 1, fs.size());
                Expr right = rest.size() == 1 ? lift(rest.get(0)) : new Expr.Juxtapose(rest.stream().map(this::lift).toList());
                List<Expr> factors = new ArrayList<>();
                factors.add(right);
                factors.addAll(expandedPrefix);
                Expr j = jac(g.node(u).local(), u, -1, use);
                if (j != null) factors.add(j);
                for (Formula l : fs.subList(0, i)) factors.add(lift(l));
                terms.add(times(factors));
            }
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
    }

    /**
     * {@code ∂f/∂child} ({@code sub == null}) or {@code ∂f/∂sub} (a sub-formula, by identity) as an expression;
     * null for zero. Recursion follows the nesting of one definition's formula (bounded by the bracket limit).
     */
    private Expr jac(Formula f, int owner, int child, Formula sub) {
        if (sub != null && f == sub) return new Expr.One();
        if (f instanceof Formula.Ref r) return sub == null && g.id(r.node()) == child ? new Expr.One() : null;
        if (f instanceof Formula.Constant) return null;
        if (f instanceof Formula.Sum s) {
            List<Expr> ts = new ArrayList<>();
            for (Formula t : s.terms()) {
                Expr j = jac(t, owner, child, sub);
                if (j != null) ts.add(j);
            }
            return sum(ts);
        }
        if (f instanceof Formula.Scale sc) {
            Expr j = jac(sc.operand(), owner, child, sub);
            return j == null ? null : times(List.of(Exprs.coefficient(sc.coefficient()), j));
        }
        if (f instanceof Formula.Apply a) {
            Expr j = jac(a.argument(), owner, child, sub);
            return j == null ? null : times(List.of(activation(a, owner), j));
        }
        if (f instanceof Formula.Product p) {
            List<Formula> fs = p.factors();
            Expr j = jac(fs.get(fs.size() - 1), owner, child, sub);
            if (j == null) return null;
            List<Expr> out = new ArrayList<>();
            for (Formula l : fs.subList(0, fs.size() - 1)) out.add(lift(l));
            out.add(j);
            return times(out);
        }
        if (f instanceof Formula.Hadamard h) {
            List<Expr> ts = new ArrayList<>();
            for (int i = 0; i < h.factors().size(); i++) {
                Expr j = jac(h.factors().get(i), owner, child, sub);
                if (j == null) continue;
                List<Expr> others = new ArrayList<>();
                for (int k = 0; k < h.factors().size(); k++) if (k != i) others.add(lift(h.factors().get(k)));
                Expr d = new Expr.Diag(others.size() == 1 ? others.get(0) : new Expr.Hadamard(others));
                ts.add(times(List.of(d, j)));
            }
            return sum(ts);
        }
        if (f instanceof Formula.Concat c) {
            if (c.parts().size() == 1) return jac(c.parts().get(0), owner, child, sub); // the identity selector
            List<Expr> blocks = new ArrayList<>();
            boolean any = false;
            for (Formula part : c.parts()) {
                Expr j = jac(part, owner, child, sub);
                any |= j != null;
                blocks.add(j == null ? new Expr.Zero() : j);
            }
            return any ? new Expr.Concat(blocks) : null;
        }
        throw new IllegalStateException("no Jacobian for " + f.getClass().getSimpleName());
    }

    /** {@code diag(a'(z))}, or softmax's full Jacobian {@code diag(s) - s s^\top}. */
    private Expr activation(Formula.Apply a, int owner) {
        Expr.Var fn = Expr.Var.of(a.function(), Expr.Role.NODE);
        if (a.function().base().equals("softmax") && a.function().subscript().isEmpty()) {
            Expr s = g.node(owner).local() == a ? vars.var(owner) : new Expr.Apply(fn, lift(a.argument()));
            return new Expr.Sum(List.of(new Expr.Diag(s), new Expr.Negate(new Expr.Product(List.of(s, new Expr.Transpose(s))))));
        }
        Expr z = pre.containsKey(a) ? pre.get(a) : lift(a.argument());
        return new Expr.Diag(new Expr.Derivative(fn, z));
    }

    /** A formula as the forward pass writes it. */
    private Expr lift(Formula f) {
        if (f instanceof Formula.Ref r) {
            Integer id = g.id(r.node());
            return id != null ? vars.var(id) : Expr.Var.of(r.node(), Expr.Role.NODE);
        }
        if (f instanceof Formula.Apply a) return new Expr.Apply(Expr.Var.of(a.function(), Expr.Role.NODE), lift(a.argument()));
        if (f instanceof Formula.Product p) return new Expr.Juxtapose(p.factors().stream().map(this::lift).toList());
        if (f instanceof Formula.Hadamard h) return new Expr.Hadamard(h.factors().stream().map(this::lift).toList());
        if (f instanceof Formula.Concat c) {
            // `[x_0; ...; x_0]` (one part) is x_0 itself: written without brackets
            return c.parts().size() == 1 ? lift(c.parts().get(0)) : new Expr.Concat(c.parts().stream().map(this::lift).toList());
        }
        if (f instanceof Formula.Constant k) return Expr.Constant.of(k.numerator(), k.denominator());
        if (f instanceof Formula.Scale sc) {
            Formula.Coefficient c = sc.coefficient();
            Expr operand = lift(sc.operand());
            if (c.numerator() == -1 && c.denominator() == 1 && c.scalars().isEmpty()) return new Expr.Negate(operand);
            return new Expr.Juxtapose(List.of(Exprs.coefficient(c), operand));
        }
        return new Expr.Sum(((Formula.Sum) f).terms().stream().map(this::lift).toList());
    }
}
