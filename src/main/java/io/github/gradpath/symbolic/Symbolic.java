package io.github.gradpath.symbolic;

import io.github.gradpath.Pipeline;
import io.github.gradpath.derive.Expr;
import io.github.gradpath.derive.Row;
import io.github.gradpath.diag.Diagnostic;
import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.dsl.Instantiator;
import io.github.gradpath.dsl.NameRef;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.GraphBuilder;
import io.github.gradpath.render.Latex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Symbolic depth: the general-N derivation of a network with symbolic indices ({@code index N, p, q : 1 <= p < q
 * < N;}), written the way the chapter writes it, with {@code \cdots} and {@code \vdots}.
 *
 * <p>How: instantiate at a witness binding in general position (symbols far apart), derive concretely with the
 * core, map every index back to the nearest symbol with an offset and fold runs (see {@link Folder}). Guard: the
 * same is done at a second witness with different gaps, and the two outputs must be identical, character for
 * character; case definitions are in addition checked against every concrete definition they stand for
 * ({@link GradientBlock}). Before that, the network is instantiated at small tight bindings too, so a node defined
 * twice or never for some values of the indices ({@code q = p+1}) is an error with its position.
 *
 * <p>The one entry point is {@link #derive}; {@link SymbolicDocument} renders its result.
 */
public final class Symbolic {
    private Symbolic() {}

    /** What to write: the gradient rows (of {@code wrt}, else the network's {@code show}, else the default
     * selection), or the forward-propagation block. */
    public record Request(List<String> wrt, boolean forward, io.github.gradpath.derive.Form form) {
        public Request(List<String> wrt, boolean forward) { this(wrt, forward, io.github.gradpath.derive.Form.FACTORED); }
    }

    /**
     * One case of a named factor's definition: {@code lhs = rhs_1 = ...} for {@code range} ({@code k=p+1, ...}),
     * that is for every value of {@code variable} from {@code from} to {@code to}.
     */
    public record Case(String variable, String range, Expr lhs, List<Expr> rhs,
                       io.github.gradpath.dsl.Linear from, io.github.gradpath.dsl.Linear to,
                       String variable2, String range2, io.github.gradpath.dsl.Linear from2,
                       io.github.gradpath.dsl.Linear to2) {
        /** One free index. */
        public Case(String variable, String range, Expr lhs, List<Expr> rhs, io.github.gradpath.dsl.Linear from,
                    io.github.gradpath.dsl.Linear to) {
            this(variable, range, lhs, rhs, from, to, null, null, null, null);
        }

        /** The ranges as written, each its own inline statement ({@code k=1, 2, \cdots, q-1} and {@code t=...}). */
        public List<String> ranges() { return variable2 == null ? List.of(range) : List.of(range, range2); }
    }

    public record Result(String network, boolean forward, List<Row> rows, List<Case> cases, List<Row> definitions,
                         io.github.gradpath.derive.Form form) {
        public Result {
            rows = List.copyOf(rows);
            cases = List.copyOf(cases);
            definitions = List.copyOf(definitions);
        }

        public Result(String network, boolean forward, List<Row> rows, List<Case> cases, List<Row> definitions) {
            this(network, forward, rows, cases, definitions, io.github.gradpath.derive.Form.FACTORED);
        }
    }

    /** Thrown when the concrete derivation does not fold into a general one; reported as an input error. */
    static final class CannotGeneralize extends RuntimeException {
        CannotGeneralize(String message) { super(message, null, false, false); }
    }

    public static boolean isSymbolic(NetworkSpec spec) {
        return !spec.indices().isEmpty();
    }

    /**
     * The two bindings a symbolic network is derived at (symbols far apart, then with other gaps): also where the
     * verifier proves it numerically.
     */
    public static List<Map<String, Long>> witnesses(NetworkSpec spec, Diagnostics d) {
        Witness.Pair w = Witness.find(spec, d).orElseThrow(() -> new InputException(d));
        return List.of(w.first(), w.second());
    }

    public static Result derive(NetworkSpec spec, Request request, Diagnostics d) {
        Witness.Pair w = Witness.find(spec, d).orElseThrow(() -> new InputException(d));
        ComputationGraph g1 = graph(spec, w.first(), d, true);
        checkTight(spec, d);
        Result r1 = at(spec, g1, w.first(), request, d);
        ComputationGraph g2 = graph(spec, w.second(), d, false);
        Result r2 = at(spec, g2, w.second(), request, d);
        String t1 = text(r1), t2 = text(r2);
        if (!t1.equals(t2)) {
            d.error(spec.source(), spec.pos(), "the derivation of `" + spec.name() + "` changes with the values of "
                    + "its indices (" + Witness.describe(w.first()) + " gives `" + firstDiff(t1, t2) + "`, "
                    + Witness.describe(w.second()) + " gives `" + firstDiff(t2, t1)
                    + "`), so it has no general form gradpath can write");
            throw new InputException(d);
        }
        return r1;
    }

    /** The derivation at one binding, unchecked: what {@link #derive} compares across witnesses (and tests do). */
    static Result deriveAt(NetworkSpec spec, Map<String, Long> binding, Request request, Diagnostics d) {
        return at(spec, graph(spec, binding, d, false), binding, request, d);
    }

    /** The forward block of a concrete network: every row, nothing elided. */
    public static Result forward(ComputationGraph g) {
        return new Result(g.network().name(), true, ForwardBlock.build(g, new Mapper(Map.of()), false), List.of(),
                List.of());
    }

    private static Result at(NetworkSpec spec, ComputationGraph g, Map<String, Long> binding, Request request,
                             Diagnostics d) {
        Mapper m = Mapper.of(spec, binding);
        if (request.forward()) {
            return new Result(spec.name(), true, ForwardBlock.build(g, m, true), List.of(), List.of());
        }
        List<Integer> explicit = null;
        if (request.wrt() != null && !request.wrt().isEmpty()) {
            Diagnostics scratch = new Diagnostics();
            try {
                explicit = Pipeline.targets(g, request.wrt(), scratch);
            } catch (InputException e) {
                // The names were resolved at the witness: say `w_{N+1}`, not `w_{61}`.
                for (Diagnostic x : scratch.errors()) d.error(x.source(), x.pos(), symbolic(x.message(), m));
                throw new InputException(d);
            }
        } else if (spec.show().isPresent()) {
            explicit = new ArrayList<>();
            List<NameRef> names = spec.show().get().names();
            List<NodeId> ids = g.network().show();
            for (int i = 0; i < ids.size(); i++) {
                Integer id = g.id(ids.get(i));
                if (id == null) {
                    d.error(spec.source(), names.get(i).pos(), "`" + names.get(i) + "` is not a node of network "
                            + spec.name() + ": `show` lists the nodes whose gradient rows to write");
                } else {
                    explicit.add(id);
                }
            }
            if (d.hasErrors()) throw new InputException(d);
        }
        try {
            GradientBlock.Out o = GradientBlock.build(g, binding, m, explicit, freeName(binding), request.form());
            return new Result(spec.name(), false, o.rows(), o.cases(), o.definitions(), request.form());
        } catch (CannotGeneralize e) {
            d.error(spec.source(), spec.pos(), "gradpath cannot write `" + spec.name() + "` in general form: "
                    + e.getMessage());
            throw new InputException(d);
        }
    }

    /** The chapter's {@code k}, unless the network already uses it. */
    private static String freeName(Map<String, Long> binding) {
        for (String s : List.of("k", "j", "m", "i", "r", "t")) if (!binding.containsKey(s)) return s;
        return "k'";
    }

    /** Instantiates and builds at a witness; messages name nodes symbolically ({@code h_{q+1}}, not {@code h_{41}}). */
    private static ComputationGraph graph(NetworkSpec spec, Map<String, Long> binding, Diagnostics d,
                                          boolean warnings) {
        Mapper m = new Mapper(binding);
        Diagnostics scratch = new Diagnostics();
        Optional<Network> net = Instantiator.instantiate(spec, binding, scratch);
        Optional<ComputationGraph> g = net.isPresent() && !scratch.hasErrors()
                ? GraphBuilder.build(net.get(), scratch) : Optional.empty();
        for (Diagnostic x : scratch.all()) {
            String msg = symbolic(x.message(), m);
            if (x.severity() == Diagnostic.Severity.ERROR) d.error(x.source(), x.pos(), msg);
            else if (warnings) d.warning(x.source(), x.pos(), msg);
        }
        if (g.isEmpty() || d.hasErrors()) throw new InputException(d);
        if (g.get().size() > MAX_WITNESS_NODES) {
            // Folding needs only the symbols far apart; a bound like 1..1000*N makes the witness network huge
            // (and cannot fold anyway: an index fold is a symbol plus an offset).
            d.error(spec.source(), spec.pos(), "at " + Witness.describe(binding) + " network `" + spec.name()
                    + "` has " + g.get().size() + " nodes (more than " + MAX_WITNESS_NODES + "): gradpath derives a"
                    + " symbolic network at small values of its indices, and ranges such as `1..1000*N` grow too fast"
                    + " for that; use ranges that are a symbol plus a constant (`1..N-1`)");
            throw new InputException(d);
        }
        return g.get();
    }

    /** Nodes at one witness binding: the chapter's networks have a few hundred there. */
    static final int MAX_WITNESS_NODES = 5_000;

    /** Small bindings, where indices coincide: a node defined twice, never, or in a cycle there is an error too. */
    private static void checkTight(NetworkSpec spec, Diagnostics d) {
        for (Map<String, Long> b : Witness.tight(spec, Witness.LIMIT)) {
            Diagnostics scratch = new Diagnostics();
            // The graph too: a rule may close a cycle only when indices coincide (h_{p+2} = h_{q+1}).
            Instantiator.instantiate(spec, b, scratch).ifPresent(n -> {
                if (!scratch.hasErrors()) GraphBuilder.build(n, scratch);
            });
            if (!scratch.hasErrors()) continue;
            for (Diagnostic x : scratch.errors()) {
                d.error(x.source(), x.pos(), x.message() + " (when " + Witness.describe(b)
                        + "; if such values are not meant, exclude them with a constraint on the `index` line)");
            }
            throw new InputException(d);
        }
    }

    private static final Pattern NAME = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)_(?:\\{([0-9,]+)\\}|([0-9]))`");
    private static final Pattern LOOP = Pattern.compile("for ([A-Za-z][A-Za-z0-9]*) = (-?[0-9]+)");

    static String symbolic(String message, Mapper m) {
        // A spelling suggestion picked among concrete names (h_{11} for h_{41}) means nothing symbolically.
        Matcher a = NAME.matcher(message.replaceAll("; did you mean `[^`]*`\\?", ""));
        StringBuilder sb = new StringBuilder();
        while (a.find()) {
            String idx = a.group(2) != null ? a.group(2) : a.group(3);
            List<String> parts = new ArrayList<>();
            for (String s : idx.split(",")) parts.add(m.map(Long.parseLong(s)).toString());
            String sub = String.join(",", parts);
            String name = a.group(1) + "_" + (sub.length() == 1 ? sub : "{" + sub + "}");
            a.appendReplacement(sb, Matcher.quoteReplacement("`" + name + "`"));
        }
        a.appendTail(sb);
        Matcher b = LOOP.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        while (b.find()) {
            b.appendReplacement(out, Matcher.quoteReplacement("for " + b.group(1) + " = "
                    + m.map(Long.parseLong(b.group(2)))));
        }
        b.appendTail(out);
        return out.toString();
    }

    /**
     * The concrete derivation a general one stands for at {@code binding}: every row with its Σ, ∏ and runs
     * expanded, every case at every value of its variable. This is what {@code verify} proves numerically at each
     * witness, so the rows a reader sees are themselves checked, not only the core's concrete ones.
     */
    public static io.github.gradpath.derive.Derivation expandAt(Result r, Map<String, Long> binding) {
        List<Row> rows = new ArrayList<>();
        for (Row row : r.rows()) if (row instanceof Row.Equation eq) rows.add(at(eq.lhs(), eq.rhs(), binding));
        List<Row> defs = new ArrayList<>();
        for (Case c : r.cases()) {
            Long lo = c.from().eval(binding), hi = c.to().eval(binding);
            if (lo == null || hi == null) throw new IllegalStateException("a case range without a value");
            Long lo2 = c.variable2() == null ? Long.valueOf(0) : c.from2().eval(binding);
            Long hi2 = c.variable2() == null ? Long.valueOf(0) : c.to2().eval(binding);
            if (lo2 == null || hi2 == null) throw new IllegalStateException("a case range without a value");
            for (long k = lo; k <= hi; k++) {
                for (long t = lo2; t <= hi2; t++) {
                    Map<String, Long> env = new java.util.HashMap<>(binding);
                    env.put(c.variable(), k);
                    if (c.variable2() != null) env.put(c.variable2(), t);
                    defs.add(at(c.lhs(), c.rhs(), env));
                }
            }
        }
        for (Row row : r.definitions()) if (row instanceof Row.Equation eq) defs.add(at(eq.lhs(), eq.rhs(), binding));
        return new io.github.gradpath.derive.Derivation(r.network(), r.form(), rows, defs);
    }

    private static Row.Equation at(Expr lhs, List<Expr> rhs, Map<String, Long> env) {
        return new Row.Equation(io.github.gradpath.derive.Exprs.at(lhs, env),
                rhs.stream().map(x -> io.github.gradpath.derive.Exprs.at(x, env)).toList(), "");
    }

    /** Everything a reader sees, as one string: what the two witnesses must agree on. */
    static String text(Result r) {
        StringBuilder sb = new StringBuilder();
        for (String line : Latex.alignedRows(r.rows())) sb.append(line).append('\n');
        for (Case c : r.cases()) {
            sb.append(String.join(", ", c.ranges())).append(": ").append(SymbolicDocument.equation(c.lhs(), c.rhs())).append('\n');
        }
        for (String line : Latex.alignedRows(r.definitions())) sb.append(line).append('\n');
        return sb.toString();
    }

    private static String firstDiff(String a, String b) {
        String[] x = a.split("\n"), y = b.split("\n");
        for (int i = 0; i < x.length; i++) if (i >= y.length || !x[i].equals(y[i])) return x[i];
        return "(nothing)";
    }
}
