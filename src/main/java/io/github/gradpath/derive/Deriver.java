package io.github.gradpath.derive;

import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import io.github.gradpath.graph.Reach;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Stage 4: computation graph and targets to gradient expressions, in one of the three {@link Form}s. */
public final class Deriver {
    /** The paths form lists every path; past this many terms it is unreadable and slow, so we refuse. */
    public static final int DEFAULT_MAX_PATH_TERMS = 10_000;

    /** Factors in all factored rows together: a plain chain of 1,000 layers, a 30 MB document. */
    public static final long MAX_FACTORED_FACTORS = 500_000;

    private Deriver() {}

    /** Thrown when the paths form would exceed its term limit; the message says what to do instead. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(String message) { super(message, null, false, false); }
    }

    public static Derivation derive(ComputationGraph g, List<Integer> targets, Form form) {
        return derive(g, targets, form, DEFAULT_MAX_PATH_TERMS);
    }

    public static Derivation derive(ComputationGraph g, List<Integer> targets, Form form, int maxPathTerms) {
        String name = g.network().name();
        return switch (form) {
            case FACTORED -> {
                Factorizer f = new Factorizer(g);
                List<Row> rows = new ArrayList<>();
                long factors = 0;
                for (int t : targets) {
                    Row.Equation row = f.gradient(t);
                    // A chain's rows grow with its depth (∂L/∂w_1 spells every layer): quadratic in all. Refused
                    // early, with the form that stays linear, instead of running out of memory minutes later.
                    factors += row.rhs().get(0) instanceof Expr.Product p ? p.factors().size() : 1;
                    if (factors > MAX_FACTORED_FACTORS) {
                        throw new TooLarge("the factored form of this network's gradient has more than "
                                + MAX_FACTORED_FACTORS + " factors (the row for `" + g.node(t).name() + "` alone has "
                                + (row.rhs().get(0) instanceof Expr.Product p ? p.factors().size() : 1)
                                + "); use --form adjoint, which is linear in the network, or --wrt a few nodes");
                    }
                    rows.add(row);
                }
                yield new Derivation(name, form, rows, f.definitions());
            }
            case PATHS -> new Derivation(name, form, pathRows(g, targets, maxPathTerms), List.of());
            case ADJOINT -> new Derivation(name, form, adjointRows(g, targets), List.of());
        };
    }

    private static List<Row> pathRows(ComputationGraph g, List<Integer> targets, int max) {
        Vars vars = new Vars(g);
        BigInteger[] counts = Paths.countsFrom(g, g.loss());
        List<Row> rows = new ArrayList<>();
        int worst = -1;
        for (int t : targets) if (worst < 0 || counts[t].compareTo(counts[worst]) > 0) worst = t;
        if (worst >= 0 && counts[worst].compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TooLarge("the paths form of the gradient for `" + g.node(worst).name() + "` has "
                    + counts[worst] + " terms (more than " + max + "); use --form factored or --form adjoint");
        }
        for (int t : targets) {
            Expr lhs = vars.partial(g.loss(), t);
            List<Expr> terms = new ArrayList<>();
            Paths.stream(g, g.loss(), t).forEach(p -> terms.add(pathProduct(g, vars, p)));
            Expr rhs = terms.isEmpty() ? new Expr.Zero() : terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
            rows.add(new Row.Equation(lhs, rhs));
        }
        return rows;
    }

    /** One path as a product of its edges ({@link Vars#pathEdge} says which identities are written). */
    static Expr pathProduct(ComputationGraph g, Vars vars, int[] path) {
        List<Expr> fs = new ArrayList<>();
        for (int i = 0; i + 1 < path.length; i++) {
            Expr e = vars.pathEdge(path[i], path[i + 1]);
            if (e != null) fs.add(e);
        }
        if (fs.isEmpty()) return new Expr.One();
        return fs.size() == 1 ? fs.get(0) : new Expr.Product(fs);
    }

    /**
     * One row per node between the loss and the targets, from the loss down: each adjoint is the sum over the
     * node's users of the user's adjoint times the edge. Linear in the graph.
     */
    private static List<Row> adjointRows(ComputationGraph g, List<Integer> targets) {
        Vars vars = new Vars(g);
        int loss = g.loss();
        boolean[] fromLoss = Reach.from(g, loss);
        boolean[] toTarget = new boolean[g.size()];
        // Multi-source reach: everything above any target.
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int t : targets) if (!toTarget[t]) { toTarget[t] = true; queue.add(t); }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int p : g.parents(v)) if (!toTarget[p]) { toTarget[p] = true; queue.add(p); }
        }
        List<Row> rows = new ArrayList<>();
        java.util.Set<Integer> wanted = new java.util.HashSet<>(targets);
        for (int v : g.order()) {
            if (v == loss || !toTarget[v]) continue;
            Expr lhs = vars.partial(loss, v);
            if (!fromLoss[v]) {
                if (wanted.contains(v)) rows.add(new Row.Equation(lhs, new Expr.Zero()));
                continue;
            }
            List<Expr> terms = new ArrayList<>();
            for (int p : g.parents(v)) {
                if (!fromLoss[p]) continue;
                Expr edge = vars.pathEdge(p, v);
                if (p == loss) terms.add(edge == null ? new Expr.One() : edge);
                else if (edge == null) terms.add(vars.partial(loss, p));
                else terms.add(new Expr.Product(List.of(vars.partial(loss, p), edge)));
            }
            Expr rhs = terms.size() == 1 ? terms.get(0) : new Expr.Sum(terms);
            // The loss's own inputs start the recursion: their row would read ∂L/∂y = ∂L/∂y.
            if (!rhs.equals(lhs)) rows.add(new Row.Equation(lhs, rhs));
        }
        return rows;
    }
}
