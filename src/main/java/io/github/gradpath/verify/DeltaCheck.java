package io.github.gradpath.verify;

import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;
import io.github.gradpath.dsl.Formula;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;

import java.util.function.Supplier;

/**
 * Verifies a δ row ({@code δ_z = ∂L/∂z} of {@code u = a(z)}, denominator layout) although z is no node of the
 * graph: the reference is the finite-difference gradient {@code ∂L/∂u} times the central difference of the
 * function itself at each entry of z, {@code (a(z_i + h) - a(z_i - h)) / 2h} (u_i depends on z_i alone: a is
 * elementwise). Nothing of the row is used for the reference: z comes from the network's own formula, and the
 * function's derivative is differenced, not taken from the formula the row writes.
 */
final class DeltaCheck {
    private DeltaCheck() {}

    static VerifyReport.Line line(Row.Equation eq, int owner, ComputationGraph g, Jacobians jac, ValueEval ve,
                                  Supplier<Mat> gradient, double floor) {
        Expr.Var lhs = (Expr.Var) eq.lhs();
        String label = ExprEval.name(lhs) + " (∂L/∂z of " + g.node(owner).name() + ")";
        try {
            if (!(g.node(owner).local() instanceof Formula.Apply a)) {
                throw new ExprEval.Unevaluable("`" + g.node(owner).name() + "` is not one function of its argument");
            }
            Functions f = Functions.activation(a.function().base());
            if (!f.elementwise()) throw new ExprEval.Unevaluable("a δ of a function that is not elementwise");
            Mat gu = gradient.get(); // 1 x |u|, numerator layout
            double[] z = jac.valueOf(a.argument(), owner);
            if (gu.a.length != z.length) throw new ExprEval.Unevaluable("∂L/∂u and z differ in width");
            double[] t = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                double h = 1e-5 * Math.max(1, Math.abs(z[i]));
                double[] p = z.clone(), m = z.clone();
                p[i] += h;
                m[i] -= h;
                t[i] = gu.a[i] * (f.apply(p)[i] - f.apply(m)[i]) / (2 * h);
            }
            Mat truth = new Mat(z.length, 1, t);
            double worst = 0;
            for (Expr rhs : eq.rhs()) {
                Mat side = ve.eval(rhs, z.length, 1);
                double e = side.maxAbsDiff(truth) / Math.max(truth.maxAbs(), floor);
                worst = Math.max(worst, Double.isNaN(e) ? Double.POSITIVE_INFINITY : e);
            }
            return new VerifyReport.Line(label, true, Paths.count(g, g.loss(), owner), worst, null);
        } catch (ExprEval.Unevaluable u) {
            return new VerifyReport.Line(label, true, java.math.BigInteger.ZERO, Double.POSITIVE_INFINITY, u.getMessage());
        }
    }
}
