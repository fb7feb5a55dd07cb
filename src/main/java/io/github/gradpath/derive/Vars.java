package io.github.gradpath.derive;

import io.github.gradpath.graph.ComputationGraph;

/** Graph nodes as expression variables, and the edge factors between them. */
final class Vars {
    private final ComputationGraph g;

    /**
     * One variable per node, made on first use: Vars are immutable, and a factored 1,000-layer derivation names
     * each node in up to a thousand rows (a fresh Var each time held a million copies in memory).
     */
    private final Expr.Var[] made;

    Vars(ComputationGraph g) {
        this.g = g;
        this.made = new Expr.Var[g.size()];
    }

    Expr.Var var(int id) {
        Expr.Var v = made[id];
        if (v == null) made[id] = v = make(id);
        return v;
    }

    private Expr.Var make(int id) {
        ComputationGraph.Node n = g.node(id);
        Expr.Role role = switch (n.kind()) {
            case LOSS -> Expr.Role.LOSS;
            // A term of a loss written as terms (l_t in `loss L = sum(l_t(o_t) ...)`) is a scalar loss: plain.
            case INTERMEDIATE -> lossTerm(id) ? Expr.Role.LOSS : Expr.Role.NODE;
            case PARAM -> Expr.Role.PARAM;
            case INPUT -> Expr.Role.INPUT;
            default -> Expr.Role.NODE;
        };
        return Expr.Var.of(n.name(), role);
    }

    private boolean lossTerm(int id) {
        int[] ps = g.parents(id);
        return ps.length == 1 && ps[0] == g.loss()
                && !(g.node(g.loss()).local() instanceof io.github.gradpath.dsl.Formula.Apply);
    }

    Expr.Partial partial(int num, int den) {
        return new Expr.Partial(var(num), var(den));
    }

    /**
     * The factor a path contributes for the edge {@code user -> used}, or {@code null} to leave it out: an
     * identity edge is written as {@code ∂user/∂used} only when it is the sole route (so the total derivative is
     * that identity); beside other routes it is left out, being 1. A real Jacobian beside other routes is marked
     * direct.
     */
    Expr pathEdge(int user, int used) {
        io.github.gradpath.dsl.Formula.Coefficient c = g.scaleEdge(user, used);
        if (c != null) return coefficient(c);
        boolean other = io.github.gradpath.graph.Paths.otherRoute(g, user, used);
        if (g.isIdentityEdge(user, used)) return other ? null : partial(user, used);
        return edge(user, used, other);
    }

    /**
     * The factor a product of edges writes for {@code user -> used}: nothing for an identity, the coefficient
     * for a scaled term ({@code λ} for {@code λ h_p}), else the edge's Jacobian.
     */
    Expr factor(int user, int used) {
        io.github.gradpath.dsl.Formula.Coefficient c = g.scaleEdge(user, used);
        if (c != null) return coefficient(c);
        if (g.isIdentityEdge(user, used)) return null;
        return edge(user, used, io.github.gradpath.graph.Paths.otherRoute(g, user, used));
    }

    static Expr coefficient(io.github.gradpath.dsl.Formula.Coefficient c) { return Exprs.coefficient(c); }

    /** The Jacobian of the edge {@code user -> used}; "direct" when other paths join the same two nodes. */
    Expr.Partial edge(int user, int used, boolean otherPaths) {
        return new Expr.Partial(var(user), var(used), otherPaths);
    }
}
