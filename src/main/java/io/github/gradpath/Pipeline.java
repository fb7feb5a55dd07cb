package io.github.gradpath;

import io.github.gradpath.diag.Diagnostics;
import io.github.gradpath.diag.InputException;
import io.github.gradpath.diag.Source;
import io.github.gradpath.diag.SourceReader;
import io.github.gradpath.dsl.Instantiator;
import io.github.gradpath.dsl.NameRef;
import io.github.gradpath.dsl.Network;
import io.github.gradpath.dsl.NetworkParser;
import io.github.gradpath.dsl.NetworkSpec;
import io.github.gradpath.dsl.NodeId;
import io.github.gradpath.dsl.Parsed;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.GraphBuilder;
import io.github.gradpath.symbolic.Symbolic;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The driver, read top to bottom: read, parse, bind, build the graph; stop between stages when a stage has
 * reported an error. CLI commands and the Maven plugin both start here.
 */
public final class Pipeline {
    private Pipeline() {}

    /** A loaded network: its graph and the warnings met on the way. */
    public record Loaded(ComputationGraph graph, Diagnostics diagnostics) {}

    /** Reads {@code file} ({@code -}: standard input) and builds its graph, or throws with the diagnostics. */
    public static Loaded load(String file, InputStream stdin) {
        Diagnostics d = new Diagnostics();
        Source source = SourceReader.read(file, stdin, d).orElseThrow(() -> new InputException(d));
        return load(source, d);
    }

    public static Loaded load(Source source, Diagnostics d) {
        return build(stage(NetworkParser.read(source, d), d), d);
    }

    /** Reads and parses only: commands that treat symbolic networks differently look at the spec first. */
    public static NetworkSpec parse(String file, InputStream stdin, Diagnostics d) {
        Source source = SourceReader.read(file, stdin, d).orElseThrow(() -> new InputException(d));
        return stage(NetworkParser.parse(source, d), d);
    }

    /**
     * {@link #parse} for a command that then {@link #build}s the network when it is concrete: a big file is bound
     * as it is parsed.
     */
    public static Parsed read(String file, InputStream stdin, Diagnostics d) {
        Source source = SourceReader.read(file, stdin, d).orElseThrow(() -> new InputException(d));
        return stage(NetworkParser.read(source, d), d);
    }

    /** Binds and builds a parsed network whose indices are all concrete. */
    public static Loaded build(NetworkSpec spec, Diagnostics d) {
        return build(Parsed.of(spec), d);
    }

    /** Binds (or takes the binding made while parsing) and builds a network whose indices are all concrete. */
    public static Loaded build(Parsed parsed, Diagnostics d) {
        NetworkSpec spec = parsed.header();
        if (!spec.indices().isEmpty()) {
            // Without this the user would get "index `N` has no value here" at every use of N.
            d.error(spec.source(), spec.indices().get(0).pos(), "network " + spec.name() + " has symbolic indices;"
                    + " `derive`, `verify` and `check` handle them, this command does not (give the indices values)");
            throw new InputException(d);
        }
        Network net = stage(parsed.bind(d), d);
        ComputationGraph g = stage(GraphBuilder.build(net, d), d);
        return new Loaded(g, d);
    }

    /**
     * Every concrete instance a command should work on: the network itself, or a symbolic network at its two
     * witness bindings (see {@link Symbolic#witnesses}).
     */
    public static List<Loaded> instances(NetworkSpec spec, Diagnostics d) {
        if (!Symbolic.isSymbolic(spec)) return List.of(build(spec, d));
        List<Loaded> out = new ArrayList<>();
        for (Map<String, Long> binding : Symbolic.witnesses(spec, d)) {
            Network net = stage(Instantiator.instantiate(spec, binding, d), d);
            out.add(new Loaded(stage(GraphBuilder.build(net, d), d), d));
        }
        return out;
    }

    private static <T> T stage(Optional<T> result, Diagnostics d) {
        if (result.isEmpty() || d.hasErrors()) throw new InputException(d);
        return result.get();
    }

    /**
     * The nodes named on the command line (each written as in the language: {@code x_0}, {@code w_{10}}), or all
     * parameters, nearest the loss first, when none are named.
     */
    public static List<Integer> targets(ComputationGraph g, List<String> names, Diagnostics d) {
        if (names == null || names.isEmpty()) return g.parameters();
        List<Integer> out = new ArrayList<>();
        for (String raw : names) {
            Source src = new Source("--wrt", raw);
            Optional<NameRef> ref = NetworkParser.parseName(src, d);
            if (ref.isEmpty()) continue;
            List<Long> idx = new ArrayList<>();
            boolean ok = true;
            String label = null;
            if (ref.get().bare()) {
                // `--wrt W_hh`: a bare subscript that is no index of the network is a label, as in the network file.
                String sym = ref.get().subscripts().get(0).coeffs().keySet().iterator().next();
                if (!g.network().binding().containsKey(sym)) label = sym;
            }
            for (var l : label != null ? List.<io.github.gradpath.dsl.Linear>of() : ref.get().subscripts()) {
                Long v;
                try {
                    v = l.eval(g.network().binding());
                } catch (io.github.gradpath.dsl.Linear.Overflow e) {
                    d.error(src, l.pos(), "`" + l + "`: " + e.getMessage());
                    ok = false;
                    break;
                }
                if (v == null) {
                    d.error(src, l.pos(), "index `" + l + "` has no value in network " + g.network().name());
                    ok = false;
                    break;
                }
                idx.add(v);
            }
            if (!ok) continue;
            NodeId id = label != null ? new NodeId(ref.get().base(), List.of(), label) : new NodeId(ref.get().base(), idx);
            Integer node = g.id(id);
            if (node == null) {
                d.error(src, ref.get().pos(), "network " + g.network().name() + " has no node `" + id + "`"
                        + closest(g, id.toString()));
                continue;
            }
            out.add(node);
        }
        if (d.hasErrors()) throw new InputException(d);
        return out;
    }

    private static String closest(ComputationGraph g, String name) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (ComputationGraph.Node n : g.nodes()) {
            int dist = LevenshteinDistance.getDefaultInstance().apply(name, n.name().toString());
            if (dist < bestD) { bestD = dist; best = n.name().toString(); }
        }
        return best != null && bestD <= Math.max(2, name.length() / 2) ? "; did you mean `" + best + "`?" : "";
    }
}
