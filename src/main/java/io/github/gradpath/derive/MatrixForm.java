package io.github.gradpath.derive;

import java.util.ArrayList;
import java.util.List;

/**
 * The written form of expanded matrix expressions, apart from the networks they come from: a product as written
 * ({@link #times}) and the denominator layout's transpose of a right-hand side ({@link #transpose}). Static and
 * graph-free, so the concrete {@link Expander}, its {@link Deltas} and the symbolic stage share one spelling.
 * (Moved out of {@code Expander}, which had grown past 500 lines; the code is unchanged.)
 */
public final class MatrixForm {
    private MatrixForm() {}

    /**
     * A product as written: nested products flattened, identities dropped, scalar coefficients first; a lone
     * coefficient {@code -1} becomes a negation ({@code -\operatorname{diag}(x)}, not {@code -1 \operatorname{diag}(x)}).
     */
    public static Expr times(List<Expr> given) {
        List<Expr> scalars = new ArrayList<>(), rest = new ArrayList<>();
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(given);
        boolean negate = false;
        while (!todo.isEmpty()) {
            Expr f = todo.pollFirst();
            if (f instanceof Expr.Product p) {
                for (int i = p.factors().size() - 1; i >= 0; i--) todo.addFirst(p.factors().get(i));
            } else if (f instanceof Expr.Negate n) {
                negate = !negate;
                todo.addFirst(n.operand());
            } else if (f instanceof Expr.Zero) {
                return new Expr.Zero();
            } else if (f instanceof Expr.One) {
                // the identity: nothing to write
            } else if (f instanceof Expr.Constant c && c.numerator().isConstant() && c.denominator().isConstant()
                    && c.numerator().constant() < 0) {
                negate = !negate;
                if (!(c.numerator().constant() == -1 && c.denominator().constant() == 1)) {
                    scalars.add(Expr.Constant.of(-c.numerator().constant(), c.denominator().constant()));
                }
            } else if (f instanceof Expr.Constant || f instanceof Expr.Symbol) {
                scalars.add(f);
            } else {
                rest.add(f);
            }
        }
        // A run that does not show its last element leaves it to the factor after it; when that factor was an
        // identity and is gone, the run must show its own end (`a × ⋯` alone names no last factor).
        if (!rest.isEmpty() && rest.get(rest.size() - 1) instanceof Expr.Run r && !r.showLast()) {
            rest.set(rest.size() - 1, new Expr.Run(r.first(), r.step(), r.count(), true));
        }
        List<Expr> all = new ArrayList<>(scalars);
        all.addAll(rest);
        Expr out = all.isEmpty() ? new Expr.One() : all.size() == 1 ? all.get(0) : new Expr.Product(all);
        return negate ? new Expr.Negate(out) : out;
    }

    static Expr sum(List<Expr> ts) {
        if (ts.isEmpty()) return null;
        return ts.size() == 1 ? ts.get(0) : new Expr.Sum(ts);
    }

    // ---- denominator layout ----

    /**
     * The transpose of an expanded right-hand side: products reversed, matrices and vectors transposed, a
     * {@code ∂u/∂v} read in the denominator layout (itself the transposed Jacobian), diagonal matrices, scalars and
     * function values unchanged. Recursion follows the expression's nesting.
     */
    public static Expr transpose(Expr e) {
        if (e instanceof Expr.Product p) {
            List<Expr> fs = new ArrayList<>();
            for (int i = p.factors().size() - 1; i >= 0; i--) fs.add(transpose(p.factors().get(i)));
            // Scalars stay in front, as written in the other layout.
            List<Expr> scalars = new ArrayList<>(), rest = new ArrayList<>();
            for (Expr f : fs) (f instanceof Expr.Constant || f instanceof Expr.Symbol ? scalars : rest).add(f);
            scalars.addAll(rest);
            return new Expr.Product(scalars);
        }
        if (e instanceof Expr.Sum s) return new Expr.Sum(s.terms().stream().map(MatrixForm::transpose).toList());
        // General rows (symbolic depth): a run reversed is the run from its last copy back, each copy transposed;
        // a Σ's body is transposed. A ∏ is written as the transpose of the product, `(\prod ...)^\top`: its
        // factors cannot be reversed in place (the ∏ multiplies from its upper bound down), and its body stays
        // written in Jacobians, so it must hold no ∂u/∂v (which this layout would read transposed).
        if (e instanceof Expr.Run r) return new Expr.Run(transpose(Exprs.runLast(r)), -r.step(), r.count(), true);
        if (e instanceof Expr.SumOver s) return new Expr.SumOver(s.index(), s.from(), s.to(), transpose(s.body()));
        if (e instanceof Expr.ProductOver p) {
            if (holdsPartial(p.body())) throw new IllegalArgumentException("a \\prod of derivatives has no transpose here");
            return new Expr.Transpose(p);
        }
        if (e instanceof Expr.Negate n) return new Expr.Negate(transpose(n.operand()));
        if (e instanceof Expr.Transpose t) return t.operand();
        if (e instanceof Expr.Var || e instanceof Expr.Concat || e instanceof Expr.Juxtapose || e instanceof Expr.Apply) {
            return new Expr.Transpose(e);
        }
        return e;
    }

    /** Whether a {@code ∂u/∂v} stands anywhere in {@code e} (with an explicit stack). */
    public static boolean holdsPartial(Expr e) {
        java.util.ArrayDeque<Expr> stack = new java.util.ArrayDeque<>();
        stack.push(e);
        while (!stack.isEmpty()) {
            Expr x = stack.pop();
            if (x instanceof Expr.Partial) return true;
            if (x instanceof Expr.Product p) p.factors().forEach(stack::push);
            else if (x instanceof Expr.Sum s) s.terms().forEach(stack::push);
            else if (x instanceof Expr.Run r) stack.push(r.first());
            else if (x instanceof Expr.SumOver s) stack.push(s.body());
            else if (x instanceof Expr.ProductOver s) stack.push(s.body());
            else if (x instanceof Expr.Negate n) stack.push(n.operand());
            else if (x instanceof Expr.Transpose t) stack.push(t.operand());
        }
        return false;
    }
}
