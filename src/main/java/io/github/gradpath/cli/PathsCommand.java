package io.github.gradpath.cli;

import io.github.gradpath.Pipeline;
import io.github.gradpath.graph.ComputationGraph;
import io.github.gradpath.graph.Paths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "paths", mixinStandardHelpOptions = true,
        description = "List (streamed) or count the paths from the loss to each parameter (or --wrt node).")
public final class PathsCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    GradpathCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Network file (.nn); '-' reads standard input.")
    String file;

    @Option(names = "--wrt", paramLabel = "NAME", split = ",", description = "Target nodes (default: every parameter).")
    List<String> wrt;

    @Option(names = "--count", description = "Print one line per target, 'NAME COUNT', instead of the paths.")
    boolean count;

    @Override
    public Integer call() {
        Pipeline.Loaded loaded = Pipeline.load(file, parent.stdin);
        ComputationGraph g = loaded.graph();
        List<Integer> targets = Pipeline.targets(g, wrt, loaded.diagnostics());
        Options.printWarnings(spec, loaded.diagnostics());
        PrintWriter out = spec.commandLine().getOut();
        if (count) {
            BigInteger[] counts = Paths.countsFrom(g, g.loss());
            // Decimal conversion dominates on deep networks (2^9999 has 3,010 digits), and weights between two
            // skips share one count: convert each distinct value once.
            BigInteger last = null;
            String text = "";
            for (int t : targets) {
                if (!counts[t].equals(last)) {
                    last = counts[t];
                    text = last.toString();
                }
                out.print(g.node(t).name());
                out.print(' ');
                out.println(text);
            }
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
}
