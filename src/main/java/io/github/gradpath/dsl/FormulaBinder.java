package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Part of stage 2 ({@link Instantiator}): one right-hand side as written ({@link Term}) to what it computes with
 * every index bound ({@link Formula}). Sums over a range are expanded, coefficients folded exact, {@code ...} in a
 * concatenation filled in. Names, index values and loops are the instantiator's ({@link Instantiator#node},
 * {@link Instantiator#value}, {@link Instantiator#forEach}); a scalar coefficient met here is added to its list.
 */
final class FormulaBinder {
    private final Instantiator names;
    private final Source source;
    private final Diagnostics diags;
    private final Set<String> scalars;
    private final Set<String> declaredScalars;
    private final Set<String> leafOrTargetBases;

    FormulaBinder(Instantiator names, Source source, Diagnostics diags, Set<String> scalars,
                  Set<String> declaredScalars, Set<String> leafOrTargetBases) {
        this.names = names;
        this.source = source;
        this.diags = diags;
        this.scalars = scalars;
        this.declaredScalars = declaredScalars;
        this.leafOrTargetBases = leafOrTargetBases;
    }

    Formula formula(Term t, Map<String, Long> env) {
        if (t instanceof Term.Sum s) {
            List<Formula> fs = new ArrayList<>();
            for (Term x : s.terms()) {
                Formula f = formula(x, env);
                if (f == null) return null;
                // `a + sum(...)`: the sum's terms are terms of this sum (a bare one is an identity edge).
                // A coefficient of a sum is distributed (`(1/2)(a + b)` is `(1/2) a + (1/2) b`): its terms too.
                if ((x instanceof Term.SumOver || x instanceof Term.Product || x instanceof Term.Negate)
                        && f instanceof Formula.Sum inner) fs.addAll(inner.terms());
                else fs.add(f);
            }
            return new Formula.Sum(fs, s.pos());
        }
        if (t instanceof Term.SumOver so) return sumOver(so, env);
        if (t instanceof Term.Coefficient c) {
            diags.error(source, c.pos(), "constant coefficients such as `(" + c.numerator() + "/" + c.denominator()
                    + ")` are not supported yet: write the sum without it (its gradient is the same up to that factor)");
            return null;
        }
        if (t instanceof Term.Product p) return product(p, env);
        if (t instanceof Term.Apply a) {
            NodeId fn = names.node(a.function(), env);
            Formula arg = formula(a.argument(), env);
            return fn == null || arg == null ? null : new Formula.Apply(fn, arg, a.pos());
        }
        if (t instanceof Term.Number n) return new Formula.Constant(n.numerator(), n.denominator(), n.pos());
        if (t instanceof Term.Negate n) return negate(formula(n.operand(), env), n.pos());
        if (t instanceof Term.Hadamard h) {
            List<Formula> fs = formulas(h.factors(), env);
            return fs == null ? null : new Formula.Hadamard(fs, h.pos());
        }
        if (t instanceof Term.Concat c) return concat(c, env);
        if (t instanceof Term.Ellipsis e) {
            diags.error(source, e.pos(), "`...` stands only between two parts of a concatenation `[x_0; ...; x_n]`");
            return null;
        }
        Term.Ref r = (Term.Ref) t;
        if (isScalar(r.name())) {
            diags.error(source, r.pos(), "`" + r.name().base() + "` is a scalar: it can only multiply a value, as in `"
                    + r.name().base() + " h`");
            return null;
        }
        NodeId id = names.node(r.name(), env);
        return id == null ? null : new Formula.Ref(id, r.pos());
    }

    /** {@code sum(body for v in lo..hi)}, expanded: one term per value, a single term alone. */
    private Formula sumOver(Term.SumOver so, Map<String, Long> env) {
        NetworkSpec.ForClause loop = so.loop();
        Map<String, Long> inner = new HashMap<>(env);
        List<Formula> terms = new ArrayList<>();
        boolean ok = names.forEach(List.of(loop), inner, e -> {
            Formula f = formula(so.body(), e);
            if (f == null) return false;
            if (f instanceof Formula.Sum s && so.body() instanceof Term.SumOver) terms.addAll(s.terms());
            else terms.add(f);
            return true;
        });
        if (!ok) return null;
        if (terms.isEmpty()) {
            diags.error(source, loop.pos(), "the sum over `" + loop.variable() + "` has no terms here (its range "
                    + loop.from() + ".." + loop.to() + " is empty)");
            return null;
        }
        return terms.size() == 1 ? terms.get(0) : new Formula.Sum(terms, so.pos());
    }

    /**
     * Greek letters that textbooks use for scalar coefficients (rates, decays, scales). The others keep their
     * usual roles: {@code theta} names parameters ({@code theta h} is a weight times h), {@code phi},
     * {@code psi}, {@code omega} features or weights, {@code sigma} the logistic function.
     */
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
            "kappa", "lambda", "mu", "nu", "rho", "tau");

    /**
     * Declared with {@code scalar}, or a bare Greek letter of {@link #GREEK} ({@code lambda}, {@code alpha}) that
     * is no input, parameter or defined node: textbooks write coefficients so and never declare them.
     */
    private boolean isScalar(NameRef n) {
        if (!n.subscripts().isEmpty()) return false;
        if (declaredScalars.contains(n.base())) return true;
        return GREEK.contains(n.base()) && !leafOrTargetBases.contains(n.base());
    }

    /** Whether {@code base}, written bare, is a scalar coefficient unless a node has that name (see {@link #isScalar}). */
    static boolean greekCoefficient(String base) { return GREEK.contains(base); }

    /** Leading numerals and scalars of a juxtaposition are its coefficient: {@code 0.5 lambda h} is (1/2 λ) h. */
    private Formula product(Term.Product p, Map<String, Long> env) {
        Formula.Coefficient c = Formula.Coefficient.ONE;
        List<Term> fs = p.factors();
        int i = 0;
        try {
            for (; i < fs.size(); i++) {
                Term x = fs.get(i);
                if (x instanceof Term.Number n) c = c.times(new Formula.Coefficient(n.numerator(), n.denominator(), List.of()));
                else if (x instanceof Term.Coefficient k) {
                    // `(1/T) sum(...)`: exact once the indices are bound.
                    Long num = names.value(k.numerator(), env), den = names.value(k.denominator(), env);
                    if (num == null || den == null) return null;
                    if (den == 0) {
                        diags.error(source, k.pos(), "the coefficient `(" + k.numerator() + "/" + k.denominator()
                                + ")` divides by 0 here");
                        return null;
                    }
                    c = c.times(new Formula.Coefficient(num, den, List.of()));
                }
                else if (x instanceof Term.Ref r && isScalar(r.name())) {
                    scalars.add(r.name().base());
                    c = c.times(new Formula.Coefficient(1, 1, List.of(r.name().base())));
                } else break;
            }
        } catch (ArithmeticException e) {
            diags.error(source, p.pos(), "the coefficient is too large to keep exact");
            return null;
        }
        for (int j = i; j < fs.size(); j++) {
            Term x = fs.get(j);
            if (x instanceof Term.Number || x instanceof Term.Coefficient || x instanceof Term.Ref r && isScalar(r.name())) {
                diags.error(source, x.pos(), "a coefficient comes first in a product: write it before `"
                        + describe(fs.get(i)) + "`");
                return null;
            }
        }
        if (i == fs.size()) {
            if (!c.scalars().isEmpty()) {
                diags.error(source, p.pos(), "a scalar can only multiply a value, as in `" + c + " h`");
                return null;
            }
            return new Formula.Constant(c.numerator(), c.denominator(), p.pos());
        }
        List<Formula> rest = formulas(fs.subList(i, fs.size()), env);
        if (rest == null) return null;
        Formula f = rest.size() == 1 ? rest.get(0) : new Formula.Product(rest, fs.get(i).pos());
        return c.isOne() ? f : scale(c, f, p.pos());
    }

    private static String describe(Term t) {
        if (t instanceof Term.Ref r) return r.name().toString();
        if (t instanceof Term.Apply a) return a.function() + "(...)";
        return "the value";
    }

    private Formula negate(Formula f, io.github.gradpath.diag.Pos pos) {
        if (f == null) return null;
        if (f instanceof Formula.Constant k) return new Formula.Constant(-k.numerator(), k.denominator(), pos);
        return scale(new Formula.Coefficient(-1, 1, List.of()), f, pos);
    }

    private Formula scale(Formula.Coefficient c, Formula f, io.github.gradpath.diag.Pos pos) {
        if (f instanceof Formula.Sum sum) {
            // Distributed, so each term keeps an edge of its own: `0.5 (a + b)` has the edges 0.5 I and 0.5 I.
            List<Formula> ts = new ArrayList<>();
            for (Formula t : sum.terms()) {
                Formula x = scale(c, t, pos);
                if (x == null) return null;
                ts.add(x);
            }
            return new Formula.Sum(ts, sum.pos());
        }
        if (f instanceof Formula.Constant k) {
            try {
                Formula.Coefficient v = c.times(new Formula.Coefficient(k.numerator(), k.denominator(), List.of()));
                if (v.scalars().isEmpty()) return new Formula.Constant(v.numerator(), v.denominator(), pos);
            } catch (ArithmeticException e) {
                diags.error(source, pos, "the coefficient is too large to keep exact");
                return null;
            }
        }
        if (f instanceof Formula.Scale s) {
            try {
                Formula.Coefficient k = c.times(s.coefficient());
                return k.isOne() ? s.operand() : new Formula.Scale(k, s.operand(), pos);
            } catch (ArithmeticException e) {
                diags.error(source, pos, "the coefficient is too large to keep exact");
                return null;
            }
        }
        return new Formula.Scale(c, f, pos);
    }

    /**
     * The parts of {@code [x_0; x_1; ...; x_{l-1}]}; {@code ...} between two names that differ in one index
     * stands for every name between them ({@code x_2}, ..., {@code x_{l-2}}), none when they are neighbours and
     * one part when they are equal (the block of one layer).
     */
    private Formula concat(Term.Concat c, Map<String, Long> env) {
        List<Term> ts = c.parts();
        List<Formula> out = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) {
            Term t = ts.get(i);
            if (!(t instanceof Term.Ellipsis e)) {
                Formula f = formula(t, env);
                if (f == null) return null;
                out.add(f);
                continue;
            }
            if (i == 0 || i == ts.size() - 1 || ts.get(i + 1) instanceof Term.Ellipsis) {
                diags.error(source, e.pos(), "`...` must stand between two parts: `[x_0; ...; x_n]`");
                return null;
            }
            Formula before = out.get(out.size() - 1);
            Formula after = formula(ts.get(i + 1), env);
            if (after == null) return null;
            if (!(before instanceof Formula.Ref a && after instanceof Formula.Ref b)
                    || !a.node().base().equals(b.node().base()) || !a.node().label().equals(b.node().label())
                    || a.node().indices().size() != b.node().indices().size()) {
                diags.error(source, e.pos(), "`...` must stand between two names of one family, such as `x_0; ...; x_n`");
                return null;
            }
            List<Long> ia = a.node().indices(), ib = b.node().indices();
            int differ = -1;
            for (int k = 0; k < ia.size(); k++) {
                if (!ia.get(k).equals(ib.get(k))) {
                    if (differ >= 0) { differ = -2; break; }
                    differ = k;
                }
            }
            if (differ == -2) {
                diags.error(source, e.pos(), "`...` between `" + a.node() + "` and `" + b.node()
                        + "`: they differ in more than one index");
                return null;
            }
            if (differ >= 0) {
                long from = ia.get(differ), to = ib.get(differ), step = to > from ? 1 : -1;
                if (Math.abs(to - from) > Instantiator.MAX_INSTANCES) {
                    diags.error(source, e.pos(), "`...` spans more than " + Instantiator.MAX_INSTANCES + " parts");
                    return null;
                }
                for (long v = from + step; v != to; v += step) {
                    List<Long> idx = new ArrayList<>(ia);
                    idx.set(differ, v);
                    out.add(new Formula.Ref(new NodeId(a.node().base(), idx), e.pos()));
                }
                out.add(after);
            }
            i++;
        }
        return new Formula.Concat(out, c.pos());
    }

    private List<Formula> formulas(List<Term> terms, Map<String, Long> env) {
        List<Formula> fs = new ArrayList<>();
        for (Term x : terms) {
            Formula f = formula(x, env);
            if (f == null) return null;
            fs.add(f);
        }
        return fs;
    }
}
