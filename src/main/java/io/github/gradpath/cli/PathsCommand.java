package io.github.gradpath.cli;

import io.github.gradpath.Pipeline;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code gradpath paths}: the paths from the loss to each target, listed (streamed), counted or as statistics. */
public final class PathsCommand implements Callable<Integer> {
    GradpathCommand parent;
    CommandLine.Model.CommandSpec spec;
    String file;
    List<String> wrt;
    boolean count;
    boolean stats;
    java.nio.file.Path output;

    /** The command and its model (see {@link CommandModel}: no annotation is read). */
    static CommandLine.Model.CommandSpec spec(GradpathCommand parent) {
        PathsCommand c = new PathsCommand();
        c.parent = parent;
        CommandModel m = new CommandModel(c, "paths",
                "List (streamed) or count the paths from the loss to each parameter (or --wrt node).");
        m.networkFile(() -> c.file, v -> c.file = v);
        m.wrt("Target nodes (default: every parameter).", () -> c.wrt, v -> c.wrt = v);
        m.flag(() -> c.count, v -> c.count = v, "<count>", "--count")
                .description("Print one line per target, 'NAME COUNT', instead of the paths.");
        m.flag(() -> c.stats, v -> c.stats = v, "<stats>", "--stats").description("The distribution of path lengths"
                        + " from the network's output to each target (default: the inputs): one line 'LENGTH COUNT' per"
                        + " length, then 'mean MEAN' (exact).",
                "A length is the number of layers a path passes (its non-identity Jacobians, ∂L/∂y not counted).");
        m.option("OUT", java.nio.file.Path.class, () -> c.output, v -> c.output = v, "-o", "--output")
                .description("Write to OUT (atomically); with --stats, OUT.svg is a histogram of the lengths.");
        c.spec = m.build();
        return c.spec;
    }

    @Override
    public Integer call() throws java.io.IOException {
        if (stats && count) throw new CommandLine.ParameterException(spec.commandLine(), "--stats and --count exclude each other");
        Pipeline.Loaded loaded = Pipeline.load(file, parent.stdin);
        ComputationGraph g = loaded.graph();
        if (stats) return stats(g, loaded);
        if (output != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o is for --stats (the paths are streamed)");
        }
        List<Integer> targets = Pipeline.targets(g, wrt, loaded.diagnostics());
        Options.printWarnings(spec, loaded.diagnostics());
        PrintWriter out = spec.commandLine().getOut();
        if (count) {
            writeCounts(g, targets, out);
        } else {
            StringBuilder line = new StringBuilder();
            long lines = 0;
            for (int t : targets) {
                java.util.Iterator<int[]> it = Paths.stream(g, g.loss(), t).iterator();
                while (it.hasNext()) {
                    int[] p = it.next();
                    line.setLength(0);
                    line.append(g.node(t).name()).append(": ");
                    for (int i = 0; i < p.length; i++) {
                        if (i > 0) line.append(" -> ");
                        line.append(g.node(p[i]).name());
                    }
                    out.println(line);
                    // `paths x.nn | head`: once the reader is gone, stop enumerating (2^9999 paths would never end).
                    // checkError flushes, so it is asked once per 1,024 lines, not per line.
                    if (++lines % 1024 == 0 && out.checkError()) throw new Output.StdoutFailed();
                }
            }
        }
        if (out.checkError()) throw new Output.StdoutFailed();
        return CommandFactory.OK;
    }

    /**
     * One line 'NAME COUNT' per target. Counted in decimal: converting 10,000 counts of up to 3,010 digits (2^9999)
     * from binary dominated deep networks. Weights between two skips share one count (one array): its digits are
     * made once. The lines (150 MB on 100,000 layers) are assembled as bytes in one buffer and written to the
     * process's byte stream when there is one (no char-by-char UTF-8 encoding); any other writer gets the same
     * bytes decoded, a whole number of lines at a time. A failed write (a closed pipe) stops at once.
     */
    private static void writeCounts(ComputationGraph g, List<Integer> targets, PrintWriter out) {
        int[][] counts = Paths.decimalCountsFrom(g, g.loss());
        java.io.OutputStream bytes = out instanceof Output.Stdout s ? s.bytes() : null;
        out.flush(); // anything written before goes first
        byte[] buf = new byte[1 << 20];
        int n = 0;
        int[] last = null;
        byte[] digits = Paths.decimalAscii(null);
        for (int t : targets) {
            if (counts[t] != last) {
                last = counts[t];
                digits = Paths.decimalAscii(last);
            }
            byte[] name = g.node(t).name().toString().getBytes(StandardCharsets.UTF_8);
            int length = name.length + 1 + digits.length + 1;
            if (n + length > buf.length) {
                n = drain(buf, n, bytes, out);
                if (length > buf.length) buf = new byte[length];
            }
            System.arraycopy(name, 0, buf, n, name.length);
            n += name.length;
            buf[n++] = ' ';
            System.arraycopy(digits, 0, buf, n, digits.length);
            n += digits.length;
            buf[n++] = '\n';
        }
        drain(buf, n, bytes, out);
    }

    /** Writes {@code buf[0..n)}, whole lines, to the byte stream or else the writer; 0, the buffer's new fill. */
    private static int drain(byte[] buf, int n, java.io.OutputStream bytes, PrintWriter out) {
        if (n == 0) return 0;
        if (bytes == null) {
            out.write(new String(buf, 0, n, StandardCharsets.UTF_8));
            if (out.checkError()) throw new Output.StdoutFailed();
            return 0;
        }
        try {
            bytes.write(buf, 0, n);
        } catch (java.io.IOException e) {
            throw new Output.StdoutFailed();
        }
        return 0;
    }

    private Integer stats(ComputationGraph g, Pipeline.Loaded loaded) throws java.io.IOException {
        List<Integer> targets;
        if (wrt == null || wrt.isEmpty()) {
            targets = new java.util.ArrayList<>();
            for (ComputationGraph.Node n : g.nodes()) if (n.kind() == ComputationGraph.Kind.INPUT) targets.add(n.id());
        } else {
            targets = Pipeline.targets(g, wrt, loaded.diagnostics());
        }
        Options.printWarnings(spec, loaded.diagnostics());
        boolean svg = output != null && output.toString().endsWith(".svg");
        if (svg && targets.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a histogram (-o " + output + ") shows one"
                    + " target; the network has " + targets.size() + ": pick one with --wrt");
        }
        List<io.github.gradpath.graph.PathStats.Distribution> ds = io.github.gradpath.graph.PathStats.lengths(g, targets);
        if (svg) {
            String title = g.network().name() + ": paths from the output to " + g.node(targets.get(0)).name();
            Output.writeAtomically(output, io.github.gradpath.render.HistogramSvg.write(title, ds.get(0)));
            return CommandFactory.OK;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            // Several targets: each block is headed by its name; one target: exactly the lines.
            if (targets.size() > 1) sb.append(i > 0 ? "\n" : "").append(g.node(targets.get(i)).name()).append('\n');
            List<BigInteger> c = ds.get(i).counts();
            for (int k = 0; k < c.size(); k++) sb.append(k).append(' ').append(c.get(k)).append('\n');
            sb.append("mean ").append(ds.get(i).meanText()).append('\n');
        }
        Output.write(sb.toString(), output, spec.commandLine().getOut());
        return CommandFactory.OK;
    }
}
