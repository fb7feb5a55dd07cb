package io.github.gradpath.derive;

import io.github.gradpath.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The δ notation of the denominator layout's adjoint rows (Nielsen's BP1–BP4, Goodfellow et al. §6.5): for
 * {@code u = a(z)}, {@code δ_z = ∂L/∂z = diag(a'(z)) ∂L/∂u}. Every {@code diag(a'(z)) × ∂L/∂u} in a row becomes
 * {@code δ_z} ({@code ∂L/∂h_n = w_n^\top δ_n}, {@code ∂L/∂w_n = δ_n h_n^\top}), and each δ used gets a row of its
 * own, right before its first use: {@code δ_n = diag(a_n'(z_n)) ∂L/∂h_{n+1}}, then, where {@code ∂L/∂h_{n+1}} has a
 * row of its own, with that row substituted ({@code = diag(a_n'(z_n)) w_{n+1}^\top δ_{n+1}}). Not introduced at
 * all when the network has its own node named {@code delta}.
 */
public final class Deltas {
    private Deltas() {}

    /** A δ-able node's pieces: {@code δ_z = diag × grad}, {@code diag = diag(a'(z))}, {@code grad = ∂L/∂u}. */
    public record Pair(int owner, Expr.Var delta, Expr diag, Expr grad) {}

    /**
     * The δ of every owner ({@code u = a(z)}, z given), by z; empty when the network has its own node named
     * {@code delta}.
     */
    static Map<Expr.Var, Pair> pairs(Map<Integer, Expr.Var> owners, ComputationGraph g) {
        Map<Expr.Var, Pair> out = new LinkedHashMap<>();
        for (ComputationGraph.Node n : g.nodes()) if (n.name().base().equals("delta")) return out;
        Vars vars = new Vars(g);
        Expr.Var loss = vars.var(g.loss());
        for (Map.Entry<Integer, Expr.Var> e : owners.entrySet()) {
            Expr.Var z = e.getValue();
            Expr.Var delta = new Expr.Var("delta", z.indices(), z.label(), Expr.Role.NODE);
            Expr grad = new Expr.Partial(loss, vars.var(e.getKey()));
            io.github.gradpath.dsl.Formula.Apply a = (io.github.gradpath.dsl.Formula.Apply) g.node(e.getKey()).local();
            Expr diag = new Expr.Diag(new Expr.Derivative(Expr.Var.of(a.function(), Expr.Role.NODE), z));
            out.put(z, new Pair(e.getKey(), delta, diag, grad));
        }
        return out;
    }

    static Expander.Expanded introduce(Derivation d, Map<Integer, Expr.Var> owners, ComputationGraph g) {
        Map<Expr.Var, Pair> pairs = pairs(owners, g);
        if (pairs.isEmpty()) return new Expander.Expanded(d, Layout.DENOMINATOR);
        // diag(a'(z)) and ∂L/∂u of each δ-able node, by the pair they form in a product
        Map<Expr, Expr> deltaOf = new HashMap<>(); // ∂L/∂u -> δ
        Map<Expr, Expr> diagOf = new HashMap<>();  // δ -> diag(a'(z))
        Map<Expr.Var, Integer> ownerOf = new LinkedHashMap<>();
        Map<Expr, Expr> gradOf = new HashMap<>();   // δ -> ∂L/∂u
        for (Pair p : pairs.values()) {
            deltaOf.put(p.grad(), p.delta());
            diagOf.put(p.delta(), p.diag());
            gradOf.put(p.delta(), p.grad());
            ownerOf.put(p.delta(), p.owner());
        }
        // ∂L/∂u's own row, for the substituted form of its δ row
        Map<Expr, Expr> rowOf = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Row r : d.gradients()) {
            if (!(r instanceof Row.Equation eq)) { rows.add(r); continue; }
            List<Expr> rhs = new ArrayList<>();
            for (Expr x : eq.rhs()) rhs.add(replace(x, deltaOf, diagOf));
            Row.Equation out = new Row.Equation(eq.lhs(), rhs, eq.condition());
            rowOf.put(eq.lhs(), rhs.get(rhs.size() - 1));
            rows.add(out);
        }
        // Each δ's row right before the first row that uses it.
        List<Row> withDeltas = new ArrayList<>();
        java.util.Set<Expr> written = new java.util.HashSet<>();
        Map<Expr.Var, Integer> used = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r instanceof Row.Equation eq) {
                for (Expr x : eq.rhs()) {
                    for (Expr delta : deltasIn(x, diagOf)) {
                        if (!written.add(delta)) continue;
                        Expr diag = diagOf.get(delta), grad = gradOf.get(delta);
                        List<Expr> rhs = new ArrayList<>();
                        rhs.add(new Expr.Product(List.of(diag, grad)));
                        Expr sub = rowOf.get(grad);
                        if (sub != null) rhs.add(MatrixForm.times(List.of(diag, sub)));
                        withDeltas.add(new Row.Equation(delta, rhs, ""));
                        used.put((Expr.Var) delta, ownerOf.get(delta));
                    }
                }
            }
            withDeltas.add(r);
        }
        return new Expander.Expanded(new Derivation(d.network(), d.form(), withDeltas, d.definitions()), Layout.DENOMINATOR, used);
    }

    /** The δs {@code e} uses, in the written order. */
    private static List<Expr> deltasIn(Expr e, Map<Expr, Expr> diagOf) {
        List<Expr> out = new ArrayList<>();
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.Var v && diagOf.containsKey(v) && !out.contains(v)) out.add(v);
            else if (x instanceof Expr.Product p) for (int i = p.factors().size() - 1; i >= 0; i--) stack.push(p.factors().get(i));
            else if (x instanceof Expr.Sum s) for (int i = s.terms().size() - 1; i >= 0; i--) stack.push(s.terms().get(i));
            else if (x instanceof Expr.Negate n) stack.push(n.operand());
        }
        return out;
    }

    /** Every {@code diag(a'(z)) × ∂L/∂u} pair in a product replaced by its δ. Recursion follows the nesting. */
    private static Expr replace(Expr e, Map<Expr, Expr> deltaOf, Map<Expr, Expr> diagOf) {
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(t -> replace(t, deltaOf, diagOf)).toList());
        if (e instanceof Expr.Negate n) return new Expr.Negate(replace(n.operand(), deltaOf, diagOf));
        if (!(e instanceof Expr.Product p)) return e;
        List<Expr> out = new ArrayList<>();
        List<Expr> fs = p.factors();
        for (int i = 0; i < fs.size(); i++) {
            Expr delta = i + 1 < fs.size() ? deltaOf.get(fs.get(i + 1)) : null;
            if (delta != null && fs.get(i).equals(diagOf.get(delta))) {
                out.add(delta);
                i++;
            } else {
                out.add(replace(fs.get(i), deltaOf, diagOf));
            }
        }
        return out.size() == 1 ? out.get(0) : new Expr.Product(out);
    }
}
