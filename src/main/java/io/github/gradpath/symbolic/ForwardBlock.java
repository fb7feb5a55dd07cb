package io.github.gradpath.symbolic;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.diag.Pos;
import io.github.gradpath.dsl.Linear;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forward pass as the chapter writes it: one row per defined node from the output down to the first layer
 * ({@code y = a_N(w_N h_N)}, ..., {@code h_1 = a_0(w_0 x)}), the right-hand side as written in the network file.
 * For a symbolic network only the rows {@link Shapes#select} picks are kept, with {@code \vdots} between rows
 * that are not neighbours; a node read by several others (the skip's source {@code h_p}) marks its readers' shape.
 */
final class ForwardBlock {
    private ForwardBlock() {}

    static List<Row> build(ComputationGraph g, Mapper m, boolean select) {
        Map<NodeId, Network.Definition> byTarget = new HashMap<>();
        for (Network.Definition d : g.network().definitions()) byTarget.put(d.target(), d);
        List<Integer> nodes = new ArrayList<>();
        for (int v : g.order()) if (g.node(v).kind() == ComputationGraph.Kind.VARIABLE) nodes.add(v);
        List<String> shapes = new ArrayList<>();
        for (int v : nodes) {
            shapes.add(g.node(v).name().base() + " = " + shape(g, byTarget.get(g.node(v).name()).formula()));
        }
        List<Integer> shown = new ArrayList<>();
        if (select) shown.addAll(Shapes.select(shapes));
        else for (int i = 0; i < nodes.size(); i++) shown.add(i);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0 && shown.get(i) - shown.get(i - 1) > 1) rows.add(new Row.Vdots());
            int v = nodes.get(shown.get(i));
            Formula f = byTarget.get(g.node(v).name()).formula();
            rows.add(new Row.Equation(var(g, g.node(v).name(), m), lift(g, f, m)));
        }
        return rows;
    }

    /** Recursion follows one written right-hand side, never the network's depth. */
    private static String shape(ComputationGraph g, Formula f) {
        if (f instanceof Formula.Ref r) {
            Integer id = g.id(r.node());
            boolean shared = id != null && g.parents(id).length > 1;
            return r.node().base() + (shared ? "*" : "");
        }
        if (f instanceof Formula.Apply a) return a.function().base() + "(" + shape(g, a.argument()) + ")";
        if (f instanceof Formula.Product p) {
            return String.join(" ", p.factors().stream().map(x -> shape(g, x)).toList());
        }
        if (f instanceof Formula.Hadamard h) {
            return String.join(" * ", h.factors().stream().map(x -> shape(g, x)).toList());
        }
        if (f instanceof Formula.Concat c) {
            return "[" + String.join("; ", c.parts().stream().map(x -> shape(g, x)).toList()) + "]";
        }
        if (f instanceof Formula.Scale sc) return sc.coefficient() + " " + shape(g, sc.operand());
        if (f instanceof Formula.Constant k) return k.numerator() + "/" + k.denominator();
        Formula.Sum s = (Formula.Sum) f;
        return String.join(" + ", s.terms().stream().map(x -> shape(g, x)).toList());
    }

    private static Expr lift(ComputationGraph g, Formula f, Mapper m) {
        if (f instanceof Formula.Ref r) return var(g, r.node(), m);
        if (f instanceof Formula.Apply a) {
            return new Expr.Apply(
                    new Expr.Var(a.function().base(), map(a.function(), m), a.function().label(), Expr.Role.NODE),
                    lift(g, a.argument(), m));
        }
        if (f instanceof Formula.Product p) return new Expr.Juxtapose(p.factors().stream().map(x -> lift(g, x, m)).toList());
        if (f instanceof Formula.Hadamard h) return new Expr.Hadamard(h.factors().stream().map(x -> lift(g, x, m)).toList());
        if (f instanceof Formula.Concat c) return new Expr.Concat(c.parts().stream().map(x -> lift(g, x, m)).toList());
        if (f instanceof Formula.Constant k) return Expr.Constant.of(k.numerator(), k.denominator());
        if (f instanceof Formula.Scale sc) {
            Formula.Coefficient c = sc.coefficient();
            Expr operand = lift(g, sc.operand(), m);
            if (c.numerator() == -1 && c.denominator() == 1 && c.scalars().isEmpty()) return new Expr.Negate(operand);
            List<Expr> fs = new ArrayList<>();
            fs.add(io.github.gradpath.derive.Exprs.coefficient(c));
            fs.add(operand);
            return new Expr.Juxtapose(fs);
        }
        return new Expr.Sum(((Formula.Sum) f).terms().stream().map(x -> lift(g, x, m)).toList());
    }

    private static Expr.Var var(ComputationGraph g, NodeId id, Mapper m) {
        Integer v = g.id(id);
        Expr.Role role = Expr.Role.NODE;
        if (v != null) {
            role = switch (g.node(v).kind()) {
                case PARAM -> Expr.Role.PARAM;
                case INPUT -> Expr.Role.INPUT;
                case LOSS -> Expr.Role.LOSS;
                default -> Expr.Role.NODE;
            };
        }
        return new Expr.Var(id.base(), map(id, m), id.label(), role);
    }

    /**
     * The subscripts as written: the indices mapped back to symbols, or the literal label ({@code W_hh},
     * {@code b_out}), which is a name, not a number, so the forward row keeps it as the gradient rows do.
     */
    private static List<Linear> map(NodeId id, Mapper m) {
        if (!id.label().isEmpty()) return List.of(Linear.symbol(id.label(), Pos.NONE));
        return id.indices().stream().map(m::map).toList();
    }
}
