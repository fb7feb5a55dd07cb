package io.github.gradpath.verify;

import io.github.gradpath.derive.Derivation;
import io.github.gradpath.derive.Deriver;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Form;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Numerical proof of a derivation. The network gets real values (vectors of a fixed width, random weights from
 * a seed); every row {@code ∂u/∂v = rhs_1 = rhs_2 ...} of the derivation is evaluated with analytic Jacobians
 * and compared with the finite-difference Jacobian of u with respect to v, taken from a forward pass written
 * straight from the network's definitions (the {@link Oracle}), not from the graph or the deriver.
 *
 * <p>Finite differences: central differences at steps {@code h}, {@code h/2} and {@code h/4}, combined by two
 * rounds of Richardson extrapolation, so the truncation error is {@code O(h^6)} and {@code h} can be large,
 * which keeps rounding error (about {@code 1e-16 |u| / h}) small: {@code h = 1e-2} for smooth networks, and
 * {@code 1e-4} when a {@code relu} occurs, so a step rarely straddles its kink. Where the estimates from
 * neighbouring steps disagree (the function bends within the step), the step is halved further for that column
 * until they agree; see {@link Differences}.
 *
 * <p>Relative error of a row: {@code max|A - B| / max(max|B|, f * max(1, max|u|))} over its entries, A the
 * derived expression, B the finite differences, u the numerator's value, {@code f = 1e-7 / h} ({@code 1e-5} for
 * smooth networks). Rounding noise in B grows like {@code |u| / h}; measured on the random-network corpus it
 * stays below {@code 1e-13 |u|} at {@code h = 1e-2}, so the floor keeps it a hundred times under the default
 * tolerance. A derivative that is (nearly) zero, or a gradient vanishing deep in a chain of sigmoids, is thus
 * held to an absolute error of {@code tol * f * max(1, |u|)} instead of a relative one that noise would
 * dominate; a missing or extra term of any visible size still shows.
 */
public final class Verifier {
    static final double SMOOTH_STEP = 1e-2;
    static final double KINK_STEP = 1e-4; // the relu note in functions() says so

    private final ComputationGraph g;
    private final VerifyOptions options;
    private final Shapes shapes;
    private final Oracle oracle;
    private final Map<NodeId, double[]> leaves = new LinkedHashMap<>();
    private final Jacobians jac;
    private final ExprEval eval;
    private final double graphMismatch;
    private final Map<NodeId, Map<NodeId, Mat>> computed = new HashMap<>();
    /** How far each reference Jacobian can be trusted (Ridders' estimate): a row is never failed below it. */
    private final Map<NodeId, Map<NodeId, Double>> referenceErrors = new HashMap<>();
    private final Differences differences;
    /** The second reference, from steps {@code SECOND} times the first's (not a power of two: no shared point). */
    private final Differences secondDifferences;
    static final double SECOND = 0.3;
    private final Map<NodeId, Map<NodeId, Mat>> second = new HashMap<>();
    private final Map<NodeId, Set<NodeId>> pending = new HashMap<>();
    /** Paths from a numerator to every node ({@link Paths#countsFrom}), once per numerator, not once per row. */
    private final Map<Integer, BigInteger[]> pathCounts = new HashMap<>();
    private final Map<NodeId, double[]> at;
    private final double step;
    private final double floor;

    private Verifier(ComputationGraph g, VerifyOptions options) {
        this.g = g;
        this.options = options;
        Network net = g.network();
        this.shapes = Shapes.of(net, options.dim(), options.randomWidths(), options.seed());
        this.oracle = new Oracle(net, shapes);
        SplittableRandom rnd = new SplittableRandom(options.seed());
        for (Network.Leaf l : net.inputs()) leaves.put(l.id(), draw(shapes.get(l.id()), rnd, false));
        for (Network.Leaf l : net.params()) leaves.put(l.id(), draw(shapes.get(l.id()), rnd, true));
        this.at = oracle.base(leaves);
        this.step = usesRelu(net) ? KINK_STEP : SMOOTH_STEP;
        this.floor = 1e-7 / step;
        this.differences = new Differences(oracle, step, options.tolerance());
        this.secondDifferences = new Differences(oracle, step * SECOND, options.tolerance());
        this.jac = new Jacobians(g, shapes, at);
        this.eval = new ExprEval(g, jac);
        this.graphMismatch = jac.graphMismatch();
    }

    /**
     * Sets the network up for verification. Throws {@link io.github.gradpath.diag.InputException} when the
     * network cannot be given sizes (a computed value written left of a product).
     */
    public static Verifier of(ComputationGraph g, VerifyOptions options) {
        return new Verifier(g, options);
    }

    /** The whole check: derive {@code form} for the options' targets and verify every row. */
    public static VerifyReport verify(ComputationGraph g, Form form, VerifyOptions options) {
        return of(g, options).verify(form);
    }

    public VerifyReport verify(Form form) {
        List<Integer> targets = options.targets() != null ? options.targets() : g.parameters();
        return check(Deriver.derive(g, targets, form, options.maxPathTerms()));
    }

    /** Derives {@code form}, expands it in {@code layout} ({@code derive --expand}) and verifies every row. */
    public VerifyReport verifyExpanded(Form form, io.github.gradpath.derive.Layout layout) {
        List<Integer> targets = options.targets() != null ? options.targets() : g.parameters();
        Derivation d = Deriver.derive(g, targets, form, options.maxPathTerms());
        return checkExpanded(io.github.gradpath.derive.Expander.expand(g, d, layout));
    }

    /**
     * Verifies an expanded derivation: each row's right-hand sides evaluated with {@link ValueEval}, against the
     * finite differences in the row's layout (a gradient a row or a column; {@code ∂L/∂W} shaped as {@code W^\top}
     * or {@code W}). The pre-activation rows ({@code z_n = w_n h_n}) are no claims of their own: the rows that use
     * them are evaluated through them.
     */
    public VerifyReport checkExpanded(io.github.gradpath.derive.Expander.Expanded x) {
        Derivation d = x.derivation();
        collectPending(d);
        // δ rows (δ_z = ∂L/∂z, denominator layout) define values the other rows use, as the z rows do.
        List<Row> defined = new ArrayList<>(d.definitions());
        for (Row r : d.gradients()) if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var) defined.add(r);
        ValueEval ve = new ValueEval(g, jac, shapes, at, x.layout(), defined);
        List<VerifyReport.Line> lines = new ArrayList<>();
        for (Row r : d.gradients()) {
            if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var v && x.deltas().containsKey(v)) {
                int u = x.deltas().get(v);
                lines.add(DeltaCheck.line(eq, u, g, jac, ve, () -> difference(g.node(g.loss()).name(), g.node(u).name()), floor));
                continue;
            }
            lines.add(checkRow(r, true, ve, x.layout()));
        }
        for (Row r : d.definitions()) {
            if (!(r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Var)) lines.add(checkRow(r, false, ve, x.layout()));
        }
        lines.removeIf(l -> l == null);
        String problem = graphMismatch > 1e-12 ? "the graph computes values that differ from the network's "
                + "definitions by up to " + VerifyReport.error(graphMismatch) : null;
        return new VerifyReport(d.network(), d.form(), options.tolerance(), lines, problem);
    }

    /** The finite differences as the layout writes the row: transposed for columns, a weight's as a matrix. */
    private Mat oriented(Mat truth, NodeId den, io.github.gradpath.derive.Layout layout) {
        Shapes.Shape s = shapes.get(den);
        if (s != null && s.matrix() && truth.rows == 1) {
            Mat w = new Mat(s.rows(), s.cols(), truth.a);
            return layout == io.github.gradpath.derive.Layout.NUMERATOR ? ValueEval.transpose(w) : w;
        }
        return layout == io.github.gradpath.derive.Layout.NUMERATOR ? truth : ValueEval.transpose(truth);
    }

    /** Verifies a derivation made elsewhere (or tampered with: the tests corrupt one on purpose). */
    public VerifyReport check(Derivation d) {
        collectPending(d);
        List<VerifyReport.Line> lines = new ArrayList<>();
        for (Row r : d.gradients()) lines.add(checkRow(r, true, null, null));
        for (Row r : d.definitions()) lines.add(checkRow(r, false, null, null));
        lines.removeIf(l -> l == null);
        String problem = graphMismatch > 1e-12 ? "the graph computes values that differ from the network's "
                + "definitions by up to " + VerifyReport.error(graphMismatch) : null;
        return new VerifyReport(d.network(), d.form(), options.tolerance(), lines, problem);
    }

    private void collectPending(Derivation d) {
        pending.clear();
        for (List<Row> rows : List.of(d.gradients(), d.definitions())) {
            for (Row r : rows) {
                if (r instanceof Row.Equation eq && eq.lhs() instanceof Expr.Partial p) {
                    try {
                        NodeId num = g.node(eval.node(p.numerator())).name(), den = g.node(eval.node(p.denominator())).name();
                        pending.computeIfAbsent(den, k -> new HashSet<>()).add(num);
                    } catch (ExprEval.Unevaluable ignored) {
                        // reported by the row itself
                    }
                }
            }
        }
    }

    private VerifyReport.Line checkRow(Row row, boolean gradient, ValueEval ve, io.github.gradpath.derive.Layout layout) {
        if (!(row instanceof Row.Equation eq)) return null;
        if (!(eq.lhs() instanceof Expr.Partial lhs) || lhs.direct()) {
            return new VerifyReport.Line(String.valueOf(eq.lhs()), gradient, BigInteger.ZERO,
                    Double.POSITIVE_INFINITY, "the left-hand side is not a total derivative");
        }
        String label = gradient ? ExprEval.name(lhs.denominator())
                : "∂" + ExprEval.name(lhs.numerator()) + "/∂" + ExprEval.name(lhs.denominator());
        try {
            int num = eval.node(lhs.numerator()), den = eval.node(lhs.denominator());
            BigInteger paths = pathCounts.computeIfAbsent(num, k -> Paths.countsFrom(g, k))[den];
            Mat truth = difference(g.node(num).name(), g.node(den).name());
            if (ve != null) truth = oriented(truth, g.node(den).name(), layout);
            double[] u = at.get(g.node(num).name());
            double scale = floor * Math.max(1, new Mat(1, u.length, u).maxAbs());
            List<Mat> sides = new ArrayList<>();
            for (Expr rhs : eq.rhs()) {
                sides.add(ve != null ? ve.eval(rhs, truth.rows, truth.cols) : eval.eval(rhs, truth.rows, truth.cols));
            }
            double worst = worst(sides, truth, scale);
            double ref = referenceErrors.getOrDefault(g.node(den).name(), Map.of())
                    .getOrDefault(g.node(num).name(), 0.0);
            double tol = options.tolerance();
            if (worst > tol && ref <= tol / 10) {
                // Before a row is called wrong, a second reference from other steps must agree (issue 13: a right
                // derivation is never reported wrong). Undecided when the row is right by the second reference, or
                // when the two references are as far apart as the row is from the first; failed only when both,
                // agreeing with each other far better than with the row, say so.
                Mat other = secondOpinion(g.node(num).name(), g.node(den).name());
                if (ve != null) other = oriented(other, g.node(den).name(), layout);
                double apart = other.maxAbsDiff(truth) / Math.max(truth.maxAbs(), scale);
                if (Double.isNaN(apart)) apart = Double.POSITIVE_INFINITY;
                if (worst(sides, other, scale) <= tol || apart >= worst / 2) ref = Math.max(ref, Math.max(apart, tol));
            }
            return new VerifyReport.Line(label, gradient, paths, worst, null, ref);
        } catch (ExprEval.Unevaluable u) {
            return new VerifyReport.Line(label, gradient, BigInteger.ZERO, Double.POSITIVE_INFINITY, u.getMessage());
        }
    }

    /**
     * For tests: the first reference of {@code num} by {@code den} replaced by {@code change} of it and trusted
     * fully (error estimate 0), as a reference that is confidently wrong would be.
     */
    void plantReference(NodeId num, NodeId den, java.util.function.UnaryOperator<Mat> change) {
        Mat m = difference(num, den);
        computed.get(den).put(num, change.apply(m));
        referenceErrors.get(den).put(num, 0.0);
    }

    private static double worst(List<Mat> sides, Mat truth, double scale) {
        double worst = 0;
        for (Mat m : sides) {
            double e = m.maxAbsDiff(truth) / Math.max(truth.maxAbs(), scale);
            if (Double.isNaN(e)) e = Double.POSITIVE_INFINITY;
            worst = Math.max(worst, e);
        }
        return worst;
    }

    /**
     * The Jacobian again from steps that share no point with the first reference's ({@code h * SECOND / 2^k}
     * against {@code h / 2^k}); computed only for a row about to fail, so a passing verification costs nothing more.
     */
    private Mat secondOpinion(NodeId num, NodeId den) {
        Map<NodeId, Mat> byNum = second.computeIfAbsent(den, k -> new HashMap<>());
        if (!byNum.containsKey(num)) byNum.putAll(differencesFor(den, Set.of(num), secondDifferences, new HashMap<>()));
        return byNum.get(num);
    }

    /** The finite-difference Jacobian of {@code num} with respect to {@code den}. */
    private Mat difference(NodeId num, NodeId den) {
        if (!at.containsKey(num) || !at.containsKey(den)) {
            throw new ExprEval.Unevaluable("`" + (at.containsKey(num) ? den : num) + "` has no value in the forward pass");
        }
        Map<NodeId, Mat> byNum = computed.computeIfAbsent(den, k -> new HashMap<>());
        if (!byNum.containsKey(num)) byNum.putAll(differencesFor(den, wanted(den, num), differences, referenceErrors));
        return byNum.get(num);
    }

    /** Every numerator the current derivation pairs with {@code den}, so one sweep of nudges serves them all. */
    private Set<NodeId> wanted(NodeId den, NodeId num) {
        // Sorted: the sweep's numerators in one order whatever NodeId's hash (output must not depend on it).
        Set<NodeId> out = new java.util.TreeSet<>(pending.getOrDefault(den, Set.of()));
        out.add(num);
        out.retainAll(at.keySet());
        return out;
    }

    private Map<NodeId, Mat> differencesFor(NodeId den, Set<NodeId> nums, Differences differences,
                                            Map<NodeId, Map<NodeId, Double>> referenceErrors) {
        int n = shapes.get(den).size(), slot = oracle.indexOf(den);
        List<NodeId> order = new ArrayList<>(nums);
        int m = order.size();
        int[] numSlots = new int[m], sizes = new int[m];
        double[] floors = new double[m];
        Mat[] out = new Mat[m];
        for (int u = 0; u < m; u++) {
            double[] value = at.get(order.get(u));
            numSlots[u] = oracle.indexOf(order.get(u));
            sizes[u] = value.length;
            floors[u] = floor * Math.max(1, new Mat(1, value.length, value).maxAbs());
            out[u] = new Mat(value.length, n);
        }
        double[] err = new double[m];
        for (int j = 0; j < n; j++) {
            double[][] col = differences.column(slot, j, numSlots, sizes, floors);
            for (int u = 0; u < m; u++) err[u] = Math.max(err[u], differences.lastErrors[u]);
            for (int u = 0; u < m; u++) {
                for (int i = 0; i < sizes[u]; i++) out[u].a[i * n + j] = col[u][i];
            }
        }
        Map<NodeId, Mat> byNum = new HashMap<>();
        for (int u = 0; u < m; u++) {
            byNum.put(order.get(u), out[u]);
            referenceErrors.computeIfAbsent(den, k -> new HashMap<>()).put(order.get(u), err[u]);
        }
        return byNum;
    }

    private static boolean usesRelu(Network net) {
        boolean[] found = {false};
        for (Network.Definition d : net.definitions()) {
            Formula.walk(d.formula(), f -> {
                if (f instanceof Formula.Apply a && d != net.loss() && a.function().base().equals("relu")) found[0] = true;
            });
        }
        return found[0];
    }

    /**
     * Matrices have variance 1/cols (entries uniform in ±sqrt(3/cols)), so a layer neither blows values up nor
     * shrinks them much and tanh stays out of saturation at depth; inputs and biases are uniform in ±1 and ±0.5.
     */
    private static double[] draw(Shapes.Shape s, SplittableRandom rnd, boolean param) {
        double scale = s.matrix() ? Math.sqrt(3.0 / s.cols()) : param ? 0.5 : 1.0;
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = (2 * rnd.nextDouble() - 1) * scale;
        return v;
    }

    /**
     * What the names stand for in this run, for the report: each function base once, in order of first use
     * ({@code a_* = tanh (unspecified: smooth default)}), then the loss.
     */
    public List<String> functions() {
        Network net = g.network();
        Map<String, Boolean> bases = new LinkedHashMap<>();
        Map<String, Boolean> lossTerms = new LinkedHashMap<>();
        for (Network.Definition d : net.definitions()) {
            if (d == net.loss() && d.formula() instanceof Formula.Apply a) {
                Formula.walk(a.argument(), f -> note(f, bases));
            } else if (d == net.loss()) {
                // A loss written as terms: each term applies a loss function of its own.
                List<Formula> terms = d.formula() instanceof Formula.Sum s ? s.terms() : List.of(d.formula());
                for (Formula t : terms) {
                    if (t instanceof Formula.Apply a) {
                        note(a, lossTerms);
                        Formula.walk(a.argument(), f -> note(f, bases));
                    }
                }
            } else {
                Formula.walk(d.formula(), f -> note(f, bases));
            }
        }
        List<String> out = new ArrayList<>();
        TreeMap<String, Boolean> sorted = new TreeMap<>(bases);
        sorted.forEach((base, indexed) -> {
            String shown = base + (indexed ? "_*" : "");
            Functions f = Functions.activation(base);
            String note = !Functions.known(base) ? " (unspecified: smooth default)"
                    : f == Functions.RELU ? " (kink at 0: finite-difference step 1e-4)" : "";
            out.add(shown + " = " + f.text + note);
        });
        NodeId loss = net.loss().target();
        if (lossTerms.isEmpty()) {
            out.add(loss.base() + (loss.indices().isEmpty() ? "" : "_*") + "(v) = "
                    + Functions.Loss.of(loss.base()).text + " (loss)");
        }
        new TreeMap<>(lossTerms).forEach((base, indexed) -> out.add(base + (indexed ? "_*" : "") + "(v) = "
                + Functions.Loss.of(base).text + " (a term of the loss " + loss + ")"));
        return out;
    }

    private static void note(Formula f, Map<String, Boolean> bases) {
        if (f instanceof Formula.Apply a) bases.merge(a.function().base(), !a.function().indices().isEmpty(),
                (x, y) -> x || y);
    }
}
