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

    private final Source source;
    private final Map<String, Long> binding;
    private final Diagnostics diags;
    private final Set<String> declaredIndices = new HashSet<>();
    /**
     * Every name declared or defined so far, to its {@link Network.Leaf} or {@link Network.Definition}: one lookup
     * says whether a name is known (three maps, one per kind, made {@code known} a third of the binding's time on
     * a 100,000-layer network). The lists keep each kind in the order written.
     */
    private final HashMap<NodeId, Object> declared;
    /**
     * One NodeId per name however often it is written: every later map lookup of it (here, in the graph, in the
     * derivation) then ends at {@code ==} instead of comparing indices, and the copies are garbage at once
     * instead of being held by the network.
     */
    private final HashMap<NodeId, NodeId> interned;
    /** The names with one index, {@code h_k}, interned apart ({@link #single}). */
    private NodeId[] singles;
    private int singleCount;
    private final List<Network.Definition> defs;
    private final LinkedHashMap<NodeId, Network.Leaf> inputs = new LinkedHashMap<>();
    private final List<Network.Leaf> params;
    private final Set<String> reportedUnbound = new HashSet<>();
    /** Names of scalar coefficients: declared with {@code scalar}, or a bare Greek letter used as a coefficient. */
    private final java.util.LinkedHashSet<String> scalars = new java.util.LinkedHashSet<>();
    private final Set<String> declaredScalars = new HashSet<>();
    private final Set<String> leafOrTargetBases = new HashSet<>();
    private final FormulaBinder formulas;

    /** {@code rules}: about how many rules the network has, to size the maps (a guess is fine). */
    Instantiator(Source source, Map<String, Long> binding, Diagnostics diags, int rules) {
        this.source = source;
        this.binding = binding;
        this.diags = diags;
        // Sized for one definition per rule and about one implied weight per rule (a chain's): growing them from
        // 16 entries rehashed 100,000 names 13 times each on a 100,000-layer network. Loops may add more.
        this.declared = new HashMap<>(2 * rules + 2 * rules / 3 + 16);
        this.interned = new HashMap<>(16);
        this.singles = new NodeId[Integer.highestOneBit(Math.max(16, 4 * rules + 16) - 1) << 1];
        this.defs = new ArrayList<>(rules + 1);
        this.params = new ArrayList<>(rules + 1);
        this.formulas = new FormulaBinder(this, source, diags, scalars, declaredScalars, leafOrTargetBases);
    }

    public static Optional<Network> instantiate(NetworkSpec spec, Map<String, Long> binding, Diagnostics diags) {
        Instantiator in = new Instantiator(spec.source(), binding, diags, spec.rules().size());
        in.declare(spec.indices(), spec.scalars(), spec.inputs(), spec.params(), spec.leafLoops(), spec.rules());
        for (NetworkSpec.Rule r : spec.rules()) in.rule(r);
        return in.finish(spec);
    }

    /**
     * The first of the three steps, before any rule is bound: indices, their constraints, scalars and leaves.
     * {@code rules} are those whose unsubscripted targets are nodes, not scalar coefficients: all of them (a rule
     * may come after a rule that uses its target). {@link Prebinder} passes none, having made sure none would count.
     */
    void declare(List<NetworkSpec.IndexDecl> indices, List<NameRef> scalarDecls, List<NameRef> inputDecls,
                 List<NameRef> paramDecls, List<NetworkSpec.LeafLoop> leafLoops, List<NetworkSpec.Rule> rules) {
        for (NetworkSpec.IndexDecl d : indices) {
            for (NameRef s : d.symbols()) {
                if (!declaredIndices.add(s.base())) {
                    diags.error(source, s.pos(), "index `" + s.base() + "` is declared twice");
                }
            }
        }
        checkConstraints(indices);
        for (NameRef n : scalarDecls) {
            if (!declaredScalars.add(n.base())) diags.error(source, n.pos(), "scalar `" + n.base() + "` is declared twice");
        }
        for (NameRef n : inputDecls) if (n.subscripts().isEmpty()) leafOrTargetBases.add(n.base());
        for (NameRef n : paramDecls) if (n.subscripts().isEmpty()) leafOrTargetBases.add(n.base());
        for (NetworkSpec.Rule r : rules) if (r.target().subscripts().isEmpty()) leafOrTargetBases.add(r.target().base());
        for (NameRef n : scalarDecls) {
            if (leafOrTargetBases.contains(n.base())) {
                diags.error(source, n.pos(), "`" + n.base() + "` is declared a scalar but is also a node of the network");
            }
        }
        for (NameRef n : inputDecls) leaf(n, true);
        for (NameRef n : paramDecls) leaf(n, false);
        for (NetworkSpec.LeafLoop l : leafLoops) {
            forEach(l.loops(), new HashMap<>(binding), env -> {
                for (NameRef n : l.names()) leaf(n, l.input(), env);
                return true;
            });
        }
    }

    /** The last step, once every rule is bound: the loss, the nodes to show, the implied weights, undefined names. */
    Optional<Network> finish(NetworkSpec spec) {
        if (spec.loss().isEmpty()) {
            diags.error(source, spec.pos(), "network `" + spec.name() + "` has no loss: add a line such as `loss L(y);`");
            return Optional.empty();
        }
        NetworkSpec.LossDecl ld = spec.loss().get();
        Map<String, Long> env = new HashMap<>(binding);
        NodeId lossId = node(ld.name(), env);
        Formula lossArg = formulas.formula(ld.argument(), env);
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
        resolve(implyParameters());
        if (diags.hasErrors()) return Optional.empty();
        return Optional.of(new Network(source, spec.name(), List.copyOf(inputs.values()), List.copyOf(params),
                List.copyOf(defs), loss, show, Map.copyOf(binding), List.copyOf(scalars)));
    }

    /** A binding that breaks a declared order would silently derive a different network than the one written. */
    private void checkConstraints(List<NetworkSpec.IndexDecl> indices) {
        for (NetworkSpec.IndexDecl d : indices) {
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

    private void leaf(NameRef n, boolean input) {
        leaf(n, input, plainEnv());
    }

    /** Leaves are declared before any rule is bound: what is declared already is a leaf. */
    private void leaf(NameRef n, boolean input, Map<String, Long> env) {
        NodeId id = node(n, env);
        if (id == null) return;
        if (declared.get(id) instanceof Network.Leaf prev) {
            diags.error(source, n.pos(), "`" + id + "` is declared twice (first at line " + prev.pos().line() + ")");
            return;
        }
        Network.Leaf leaf = new Network.Leaf(id, n.pos());
        if (input) inputs.put(id, leaf);
        else params.add(leaf);
        declared.put(id, leaf);
    }

    /** The second step, once per rule in the order written. */
    void rule(NetworkSpec.Rule r) {
        // Without a for-clause nothing writes to the environment (a sum over a range binds in a copy): one for
        // all such rules, not a map each (a 100,000-layer network has 110,000 rules).
        forEach(r.loops(), r.loops().isEmpty() ? plainEnv() : new HashMap<>(binding), env -> {
            NodeId target = node(r.target(), env);
            Formula f = formulas.formula(r.rhs(), env);
            if (target == null || f == null) return false;
            define(new Network.Definition(target, f, r.target().pos(), loopNote(r.loops(), env)));
            return true;
        });
    }

    private Map<String, Long> plainEnv;

    private Map<String, Long> plainEnv() {
        if (plainEnv == null) plainEnv = java.util.Collections.unmodifiableMap(new HashMap<>(binding));
        return plainEnv;
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
    boolean forEach(List<NetworkSpec.ForClause> loops, Map<String, Long> env,
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
        Object known = declared.get(d.target());
        if (known instanceof Network.Definition prev) {
            diags.error(source, d.pos(), "`" + d.target() + "` is defined twice" + note(d.loopNote())
                    + " (first at line " + prev.pos().line() + note(prev.loopNote()) + ")");
            return;
        }
        if (known instanceof Network.Leaf leaf) {
            diags.error(source, d.pos(), "`" + d.target() + "` is declared as "
                    + (inputs.containsKey(d.target()) ? "an input" : "a parameter") + " at line " + leaf.pos().line()
                    + " and cannot also be defined");
            return;
        }
        defs.add(d);
        declared.put(d.target(), d);
    }

    private static String note(String loopNote) { return loopNote.isEmpty() ? "" : " for " + loopNote; }

    /**
     * The left operand of a juxtaposition that nothing defines is a weight: textbooks never declare them.
     * Returns the definitions that use a name not known when their walk met it; only those can use an undefined
     * name (names are only added from here on), so {@link #resolve} looks at those alone: on a 100,000-layer
     * network one walk per definition instead of two. The walk visits in {@link Formula#walk}'s order, so the
     * implied parameters are in the same order.
     */
    private List<Network.Definition> implyParameters() {
        List<Network.Definition> unsure = new ArrayList<>();
        java.util.ArrayDeque<Formula> stack = new java.util.ArrayDeque<>();
        for (Network.Definition d : defs) {
            boolean unknown = false;
            stack.push(d.formula());
            while (!stack.isEmpty()) {
                Formula f = stack.pop();
                if (f instanceof Formula.Product p && p.factors().get(0) instanceof Formula.Ref r && !known(r.node())) {
                    Network.Leaf leaf = new Network.Leaf(r.node(), r.pos());
                    params.add(leaf);
                    declared.put(r.node(), leaf);
                }
                if (f instanceof Formula.Ref r) unknown |= !known(r.node());
                else if (f instanceof Formula.Sum s) s.terms().forEach(stack::push);
                else if (f instanceof Formula.Product p) p.factors().forEach(stack::push);
                else if (f instanceof Formula.Apply a) stack.push(a.argument());
                else if (f instanceof Formula.Hadamard h) h.factors().forEach(stack::push);
                else if (f instanceof Formula.Concat c) c.parts().forEach(stack::push);
                else if (f instanceof Formula.Scale sc) stack.push(sc.operand());
            }
            if (unknown) unsure.add(d);
        }
        return unsure;
    }

    private void resolve(List<Network.Definition> unsure) {
        Set<NodeId> reported = new HashSet<>();
        for (Network.Definition d : unsure) {
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
                        && (declared.get(first.node()) instanceof Network.Definition || inputs.containsKey(first.node()))) {
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
        return declared.containsKey(id);
    }

    private String suggest(NodeId missing) {
        TreeSet<String> names = new TreeSet<>();
        declared.keySet().forEach(k -> names.add(k.toString()));
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


    NodeId node(NameRef n, Map<String, Long> env) {
        NodeId id = written(n, env);
        if (id == null) return null;
        if (id.arity() == 1 && id.label().isEmpty()) return id; // single() interned it
        NodeId known = interned.putIfAbsent(id, id);
        return known != null ? known : id;
    }

    /**
     * The one {@code base_index} of this network: open addressing on the name's parts, so a name written again
     * (a 100,000-layer network writes 430,000 names, 210,000 of them distinct) makes no NodeId to throw away.
     */
    private NodeId single(String base, long index) {
        int h = NodeId.hashOf(base, index);
        int mask = singles.length - 1;
        for (int k = h & mask; ; k = (k + 1) & mask) {
            NodeId s = singles[k];
            if (s == null) {
                NodeId id = new NodeId(base, index);
                singles[k] = id;
                if (2 * ++singleCount > singles.length) growSingles();
                return id;
            }
            if (s.hashCode() == h && s.is(base, index)) return s;
        }
    }

    private void growSingles() {
        NodeId[] old = singles;
        singles = new NodeId[old.length * 2];
        int mask = singles.length - 1;
        for (NodeId s : old) {
            if (s == null) continue;
            int k = s.hashCode() & mask;
            while (singles[k] != null) k = (k + 1) & mask;
            singles[k] = s;
        }
    }

    private NodeId written(NameRef n, Map<String, Long> env) {
        if (n.bare()) {
            String sym = n.subscripts().get(0).coeffs().keySet().iterator().next();
            if (!env.containsKey(sym) && !declaredIndices.contains(sym)) {
                return new NodeId(n.base(), List.of(), sym);
            }
        }
        List<Linear> subs = n.subscripts();
        if (subs.isEmpty()) return new NodeId(n.base(), List.of());
        if (subs.size() == 1) { // the usual h_k: looked up before it is made
            Long v = value(subs.get(0), env);
            return v == null ? null : single(n.base(), v);
        }
        List<Long> idx = new ArrayList<>();
        for (Linear l : subs) {
            Long v = value(l, env);
            if (v == null) return null;
            idx.add(v);
        }
        return new NodeId(n.base(), idx);
    }

    Long value(Linear l, Map<String, Long> env) {
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
