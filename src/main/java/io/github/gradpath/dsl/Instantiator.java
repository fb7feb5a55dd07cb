package io.github.gradpath.dsl;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.Source;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stage 2: binds every index (loop variables, and symbolic indices to the values in {@code binding}) and resolves
 * every name, giving a concrete {@link Network}. Reports duplicate definitions, undefined names (with the closest
 * defined name), undeclared indices and a missing loss.
 */
public final class Instantiator {
    /** Loops beyond this are almost certainly a typo in a range, and would exhaust memory before saying so. */
    // A range of 5,000,000 values was accepted, then ran ~100 s into an out-of-memory error (found by the fuzz
    // tests); 1,000,000 (ten times the 100,000-layer scale target) derives its adjoint form in seconds.
    static final long MAX_INSTANCES = 1_000_000;

    private final NetworkSpec spec;
    private final Source source;
    private final Map<String, Long> binding;
    private final Diagnostics diags;
    private final Set<String> declaredIndices = new HashSet<>();
    private final LinkedHashMap<NodeId, Network.Definition> defs = new LinkedHashMap<>();
    private final LinkedHashMap<NodeId, Network.Leaf> inputs = new LinkedHashMap<>();
    private final LinkedHashMap<NodeId, Network.Leaf> params = new LinkedHashMap<>();
    private final Set<String> reportedUnbound = new HashSet<>();
    /** Names of scalar coefficients: declared with {@code scalar}, or a bare Greek letter used as a coefficient. */
    private final java.util.LinkedHashSet<String> scalars = new java.util.LinkedHashSet<>();
    private final Set<String> declaredScalars = new HashSet<>();
    private final Set<String> leafOrTargetBases = new HashSet<>();

    private Instantiator(NetworkSpec spec, Map<String, Long> binding, Diagnostics diags) {
        this.spec = spec;
        this.source = spec.source();
        this.binding = binding;
        this.diags = diags;
    }

    public static Optional<Network> instantiate(NetworkSpec spec, Map<String, Long> binding, Diagnostics diags) {
        return new Instantiator(spec, binding, diags).run();
    }

    private Optional<Network> run() {
        for (NetworkSpec.IndexDecl d : spec.indices()) {
            for (NameRef s : d.symbols()) {
                if (!declaredIndices.add(s.base())) {
                    diags.error(source, s.pos(), "index `" + s.base() + "` is declared twice");
                }
            }
        }
        checkConstraints();
        for (NameRef n : spec.scalars()) {
            if (!declaredScalars.add(n.base())) diags.error(source, n.pos(), "scalar `" + n.base() + "` is declared twice");
        }
        for (NameRef n : spec.inputs()) if (n.subscripts().isEmpty()) leafOrTargetBases.add(n.base());
        for (NameRef n : spec.params()) if (n.subscripts().isEmpty()) leafOrTargetBases.add(n.base());
        for (NetworkSpec.Rule r : spec.rules()) if (r.target().subscripts().isEmpty()) leafOrTargetBases.add(r.target().base());
        for (NameRef n : spec.scalars()) {
            if (leafOrTargetBases.contains(n.base())) {
                diags.error(source, n.pos(), "`" + n.base() + "` is declared a scalar but is also a node of the network");
            }
        }
        for (NameRef n : spec.inputs()) leaf(n, inputs, "input");
        for (NameRef n : spec.params()) leaf(n, params, "parameter");
        for (NetworkSpec.LeafLoop l : spec.leafLoops()) {
            forEach(l.loops(), new HashMap<>(binding), env -> {
                for (NameRef n : l.names()) leaf(n, l.input() ? inputs : params, l.input() ? "input" : "parameter", env);
                return true;
            });
        }
        for (NetworkSpec.Rule r : spec.rules()) rule(r);
        if (spec.loss().isEmpty()) {
            diags.error(source, spec.pos(), "network `" + spec.name() + "` has no loss: add a line such as `loss L(y);`");
            return Optional.empty();
        }
        NetworkSpec.LossDecl ld = spec.loss().get();
        Map<String, Long> env = new HashMap<>(binding);
        NodeId lossId = node(ld.name(), env);
        Formula lossArg = formula(ld.argument(), env);
        if (diags.hasErrors()) return Optional.empty();
        Network.Definition loss = new Network.Definition(lossId,
                ld.expression() ? lossArg : new Formula.Apply(lossId, lossArg, ld.pos()), ld.pos(), "");
        define(loss);
        List<NodeId> show = new ArrayList<>();
        spec.show().ifPresent(s -> s.names().forEach(n -> {
            NodeId id = node(n, env);
            if (id != null) show.add(id);
        }));
        if (diags.hasErrors()) return Optional.empty();
        implyParameters();
        resolve();
        if (diags.hasErrors()) return Optional.empty();
        return Optional.of(new Network(source, spec.name(), List.copyOf(inputs.values()), List.copyOf(params.values()),
                List.copyOf(defs.values()), loss, show, Map.copyOf(binding), List.copyOf(scalars)));
    }

    /** A binding that breaks a declared order would silently derive a different network than the one written. */
    private void checkConstraints() {
        for (NetworkSpec.IndexDecl d : spec.indices()) {
            for (NetworkSpec.Constraint c : d.constraints()) {
                Optional<String> bad = c.violated(binding);
                if (bad != null && bad.isPresent()) {
                    StringBuilder values = new StringBuilder();
                    new TreeSet<>(binding.keySet()).forEach(k -> values.append(values.length() == 0 ? "" : ", ")
                            .append(k).append(" = ").append(binding.get(k)));
                    diags.error(source, c.pos(), "constraint `" + bad.get() + "` does not hold for " + values);
                }
            }
        }
    }

    private void leaf(NameRef n, Map<NodeId, Network.Leaf> into, String what) {
        leaf(n, into, what, new HashMap<>(binding));
    }

    private void leaf(NameRef n, Map<NodeId, Network.Leaf> into, String what, Map<String, Long> env) {
        NodeId id = node(n, env);
        if (id == null) return;
        Network.Leaf prev = inputs.containsKey(id) ? inputs.get(id) : params.get(id);
        if (prev != null) {
            diags.error(source, n.pos(), "`" + id + "` is declared twice (first at line " + prev.pos().line() + ")");
            return;
        }
        into.put(id, new Network.Leaf(id, n.pos()));
    }

    private void rule(NetworkSpec.Rule r) {
        forEach(r.loops(), new HashMap<>(binding), env -> {
            NodeId target = node(r.target(), env);
            Formula f = formula(r.rhs(), env);
            if (target == null || f == null) return false;
            define(new Network.Definition(target, f, r.target().pos(), loopNote(r.loops(), env)));
            return true;
        });
    }

    private static String loopNote(List<NetworkSpec.ForClause> loops, Map<String, Long> env) {
        if (loops.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (NetworkSpec.ForClause c : loops) parts.add(c.variable() + " = " + env.get(c.variable()));
        return String.join(", ", parts);
    }

    /**
     * Calls {@code body} once per value of every loop variable (the first clause outermost), each bound in
     * {@code env}; stops when {@code body} returns false or a range cannot be read. The nesting depth is the
     * number of for-clauses written on one line.
     */
    private boolean forEach(List<NetworkSpec.ForClause> loops, Map<String, Long> env,
                            java.util.function.Predicate<Map<String, Long>> body) {
        if (loops.isEmpty()) return body.test(env);
        NetworkSpec.ForClause loop = loops.get(0);
        if (declaredIndices.contains(loop.variable()) || env.containsKey(loop.variable())) {
            diags.error(source, loop.variablePos(), "loop variable `" + loop.variable()
                    + (declaredIndices.contains(loop.variable()) || binding.containsKey(loop.variable())
                    ? "` hides the declared index of the same name" : "` is already bound by an enclosing for-clause"));
            return false;
        }
        Long from = value(loop.from(), env), to = value(loop.to(), env);
        if (from == null || to == null) return false;
        // Exact: `0-9223372036854775807..9223372036854775807` has more values than a long counts.
        if (to >= from && java.math.BigInteger.valueOf(to).subtract(java.math.BigInteger.valueOf(from))
                .compareTo(java.math.BigInteger.valueOf(MAX_INSTANCES)) >= 0) {
            diags.error(source, loop.pos(), "range " + from + ".." + to + " has more than " + MAX_INSTANCES + " values");
            return false;
        }
        Set<Long> excluded = new HashSet<>();
        for (Linear e : loop.excluded()) {
            Long v = value(e, env);
            if (v != null) excluded.add(v);
        }
        List<NetworkSpec.ForClause> rest = loops.subList(1, loops.size());
        // Stops at `to` before incrementing: `v <= to; v++` never ends when `to` is Long.MAX_VALUE.
        for (long v = from; from <= to; v++) {
            if (!excluded.contains(v)) {
                env.put(loop.variable(), v);
                if (!forEach(rest, env, body)) {
                    env.remove(loop.variable());
                    return false;
                }
            }
            if (v == to) break;
        }
        env.remove(loop.variable());
        return true;
    }

    private void define(Network.Definition d) {
        Network.Definition prev = defs.get(d.target());
        if (prev != null) {
            diags.error(source, d.pos(), "`" + d.target() + "` is defined twice" + note(d.loopNote())
                    + " (first at line " + prev.pos().line() + note(prev.loopNote()) + ")");
            return;
        }
        Network.Leaf leaf = inputs.containsKey(d.target()) ? inputs.get(d.target()) : params.get(d.target());
        if (leaf != null) {
            diags.error(source, d.pos(), "`" + d.target() + "` is declared as "
                    + (inputs.containsKey(d.target()) ? "an input" : "a parameter") + " at line " + leaf.pos().line()
                    + " and cannot also be defined");
            return;
        }
        defs.put(d.target(), d);
    }

    private static String note(String loopNote) { return loopNote.isEmpty() ? "" : " for " + loopNote; }

    /** The left operand of a juxtaposition that nothing defines is a weight: textbooks never declare them. */
    private void implyParameters() {
        for (Network.Definition d : defs.values()) {
            Formula.walk(d.formula(), f -> {
                if (f instanceof Formula.Product p && p.factors().get(0) instanceof Formula.Ref r
                        && !defs.containsKey(r.node()) && !inputs.containsKey(r.node())
                        && !params.containsKey(r.node())) {
                    params.put(r.node(), new Network.Leaf(r.node(), r.pos()));
                }
            });
        }
    }

    private void resolve() {
        Set<NodeId> reported = new HashSet<>();
        for (Network.Definition d : defs.values()) {
            // Most definitions use only known names: one walk says so, and nothing more is built for them.
            boolean[] unknown = {false};
            Formula.walk(d.formula(), f -> {
                if (f instanceof Formula.Ref r && !known(r.node())) unknown[0] = true;
            });
            if (!unknown[0]) continue;
            // `a(h_1 w_2)`: the weight after the node it multiplies. Said as such, not as a misspelling of h_2.
            Map<Formula, Formula.Ref> swapped = new java.util.IdentityHashMap<>();
            Formula.walk(d.formula(), f -> {
                if (f instanceof Formula.Product p && p.factors().size() == 2
                        && p.factors().get(0) instanceof Formula.Ref first
                        && (defs.containsKey(first.node()) || inputs.containsKey(first.node()))) {
                    swapped.put(p.factors().get(1), first);
                }
            });
            Formula.walk(d.formula(), f -> {
                if (f instanceof Formula.Ref r && !known(r.node()) && reported.add(r.node())) {
                    Formula.Ref first = swapped.get(r);
                    diags.error(source, r.pos(), "`" + r.node() + "` is used but never defined" + (first == null
                            ? suggest(r.node())
                            : "; if it is a weight, write it first, as in `" + r.node() + " " + first.node() + "`"));
                }
            });
        }
    }

    private boolean known(NodeId id) {
        return defs.containsKey(id) || inputs.containsKey(id) || params.containsKey(id);
    }

    private String suggest(NodeId missing) {
        TreeSet<String> names = new TreeSet<>();
        defs.keySet().forEach(k -> names.add(k.toString()));
        inputs.keySet().forEach(k -> names.add(k.toString()));
        params.keySet().forEach(k -> names.add(k.toString()));
        LevenshteinDistance lev = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String n : names) {
            int dist = lev.apply(missing.toString(), n);
            if (dist < bestD) { bestD = dist; best = n; }
        }
        if (best == null || bestD > Math.max(2, missing.toString().length() / 2)) return "";
        return "; did you mean `" + best + "`?";
    }


    private Formula formula(Term t, Map<String, Long> env) {
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
            NodeId fn = node(a.function(), env);
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
        NodeId id = node(r.name(), env);
        return id == null ? null : new Formula.Ref(id, r.pos());
    }

    /** {@code sum(body for v in lo..hi)}, expanded: one term per value, a single term alone. */
    private Formula sumOver(Term.SumOver so, Map<String, Long> env) {
        NetworkSpec.ForClause loop = so.loop();
        Map<String, Long> inner = new HashMap<>(env);
        List<Formula> terms = new ArrayList<>();
        boolean ok = forEach(List.of(loop), inner, e -> {
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
                    Long num = value(k.numerator(), env), den = value(k.denominator(), env);
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
                if (Math.abs(to - from) > MAX_INSTANCES) {
                    diags.error(source, e.pos(), "`...` spans more than " + MAX_INSTANCES + " parts");
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

    private NodeId node(NameRef n, Map<String, Long> env) {
        if (n.bare()) {
            String sym = n.subscripts().get(0).coeffs().keySet().iterator().next();
            if (!env.containsKey(sym) && !declaredIndices.contains(sym)) {
                return new NodeId(n.base(), List.of(), sym);
            }
        }
        List<Linear> subs = n.subscripts();
        if (subs.isEmpty()) return new NodeId(n.base(), List.of());
        if (subs.size() == 1) { // the usual h_k: no list to copy
            Long v = value(subs.get(0), env);
            return v == null ? null : new NodeId(n.base(), List.of(v));
        }
        List<Long> idx = new ArrayList<>();
        for (Linear l : subs) {
            Long v = value(l, env);
            if (v == null) return null;
            idx.add(v);
        }
        return new NodeId(n.base(), idx);
    }

    private Long value(Linear l, Map<String, Long> env) {
        Long v;
        try {
            v = l.eval(env);
        } catch (Linear.Overflow e) {
            if (reportedUnbound.add("overflow@" + l.pos())) {
                diags.error(source, l.pos(), "`" + l + "` with " + values(l, env) + ": " + e.getMessage());
            }
            return null;
        }
        if (v != null) return v;
        for (String s : l.coeffs().keySet()) {
            if (env.containsKey(s)) continue;
            if (reportedUnbound.add(s + "@" + l.pos())) {
                if (declaredIndices.contains(s)) {
                    diags.error(source, l.pos(), "index `" + s + "` has no value here");
                } else {
                    diags.error(source, l.pos(), "index `" + s + "` is used but not declared: declare it with `index "
                            + s + ";` or bind it with `for " + s + " in ...`");
                }
            }
        }
        return null;
    }

    private static String values(Linear l, Map<String, Long> env) {
        StringBuilder sb = new StringBuilder();
        for (String s : l.coeffs().keySet()) sb.append(sb.length() == 0 ? "" : ", ").append(s).append(" = ").append(env.get(s));
        return sb.toString();
    }
}
